//! HTTP handlers: free async functions with extractors, one file per action
//! (CRUD of one kind of reference data shares a file).

pub mod admin;
pub mod attention;
pub mod confirmations;
pub mod download;
pub mod health;
pub mod kb;
pub mod me;
pub mod rota;
pub mod search;
pub mod session;
pub mod similar;
pub mod tickets;
