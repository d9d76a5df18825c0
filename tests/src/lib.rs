//! Workspace-level black-box tests live in `tests/tests/`; this library is empty.
