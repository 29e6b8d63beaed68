//! The worker's tests: one binary, every test on SQLite and PostgreSQL,
//! with several nodes on one database where it matters.
#![expect(clippy::unwrap_used, reason = "test code: a panic is the failure report")]

mod consumers;
mod deadlines;
mod handover;
mod helpers;
mod jobs;
mod purge;
