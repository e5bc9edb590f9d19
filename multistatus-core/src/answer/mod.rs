//! Answers: a parsed request resolved against a property set, written per resource.

pub mod propfind;
pub mod proppatch;
