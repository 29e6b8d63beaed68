//! The web pages through a real server on port 0 (the API and the pages
//! together, as `guichet serve` runs them), on SQLite and PostgreSQL.
#![expect(clippy::unwrap_used, reason = "test code: a panic is the failure report")]

mod actions;
mod admin;
mod attention;
mod confirm;
mod escalation;
mod forms;
mod helpers;
mod kb;
mod pages;
mod people;
mod portal;
mod queues;
mod rota;
mod rota_feeds;
mod search;
#[path = "../shared/server.rs"]
mod server;
mod similar;
mod tickets;
