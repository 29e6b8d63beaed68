//! The command-line contract, exercised through the built binary: one test
//! binary, with servers of it started on free ports.
#![expect(clippy::unwrap_used, reason = "test code: a panic is the failure report")]

mod calendar;
mod commands;
mod deployment;
mod helpers;
mod import;
mod mail;
mod rota;
mod worker;
