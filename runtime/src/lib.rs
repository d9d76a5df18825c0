//! The runtime (filled by issue 3).
