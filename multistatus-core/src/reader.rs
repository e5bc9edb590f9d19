//! A hardened, namespace-aware XML reader for request bodies.
