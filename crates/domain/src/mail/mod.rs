//! The pure rules of the mail gateway: how a message finds its ticket, how
//! quoted text and signatures are told apart, and which messages are
//! automatic and must never make a ticket, an article or a mail.
//! Parsing and sending live in the channels; these functions see plain
//! values only.

pub mod quotes;
pub mod safety;
pub mod tag;
pub mod threading;
