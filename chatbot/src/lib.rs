//! The chat server (filled by issue 5).
