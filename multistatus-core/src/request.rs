//! Parsing of WebDAV request bodies and headers (PROPFIND, PROPPATCH, Depth, Prefer).
