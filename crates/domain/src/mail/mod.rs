//! The pure rules of the mail gateway: how a message finds its ticket, how
//! quoted text and signatures are told apart, and which messages are
//! automatic and must never make a ticket, an article or a mail; and how
//! a mailing-list archive splits into messages, threads into
//! conversations and becomes closed tickets.
//! Parsing and sending live in the channels; these functions see plain
//! values only.

pub mod archive_threads;
pub mod import;
pub mod mbox;
pub mod quotes;
pub mod safety;
pub mod tag;
pub mod threading;
