//! Use cases shared by every channel: the JSON API, and next the web UI,
//! the mail gateway and the worker. Each one takes a [`Context`] (the store,
//! the clock, the limits) and the [`Actor`] who acts, validates its input
//! into domain values, reads what it needs, applies the pure domain rules,
//! and commits one change with its history and events.
//!
//! Channels import this crate and the domain, never the store: the records
//! they show are re-exported here.

pub mod admin;
pub mod attachments;
pub mod auth;
pub mod bootstrap;
pub mod calendar;
mod change;
pub mod context;
pub mod deadlines;
pub mod error;
pub mod events;
pub mod import;
pub mod input;
pub mod jobs;
pub mod knowledge;
pub mod mail;
pub mod people;
pub mod rota;
pub mod schema;
pub mod search;
pub mod tickets;

pub use context::{Context, Limits};
pub use error::{ServiceError, ServiceResult};
pub use guichet_domain::actor::Actor;
pub use guichet_store::{
    Attachment, EventPosition, JobState, MailOutcome, MailState, NewOutgoingMail, OutgoingMail, Page, PageRequest,
    Parked, Person, StoredEvent, TicketFilter, TicketOrder, TicketRating, TicketView, User,
};

/// The actor for an authenticated user.
pub fn actor_of(user: &User) -> Actor {
    Actor::user(user.id, user.role)
}
