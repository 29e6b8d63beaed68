//! The API's integration tests: one binary, the real server on port 0, every
//! test run against SQLite and PostgreSQL.
#![expect(clippy::unwrap_used, reason = "test code: a panic is the failure report")]

mod admin;
mod attachments;
mod attention;
mod auth;
mod bad_input;
mod calendars;
mod confirmation;
mod escalation;
mod helpers;
mod kb;
mod lifecycle;
mod operations;
mod people;
mod relations;
mod rota;
mod scale_out;
mod search;
mod similar;
mod tickets;
mod visibility;
