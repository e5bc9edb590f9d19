#![cfg_attr(fuzzing, no_main)]
multistatus_fuzz::target!(multistatus_fuzz::multistatus::check);
