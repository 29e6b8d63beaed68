//! Pure operations-support rules, as GGUS/xGUS users know them.
//!
//! Nothing here does I/O: the status machine, priorities, routing, relations,
//! accounts, actors, the schedules of background work and the computation of
//! history entries and domain events are plain
//! functions over plain values, unit-tested without a database. Storage and
//! channels build on it.

pub mod actions;
pub mod actor;
pub mod article;
pub mod calendar;
pub mod clock;
pub mod deadlines;
pub mod error;
pub mod event;
pub mod ids;
pub mod knowledge;
mod label;
pub mod mail;
pub mod notify;
pub mod preferences;
pub mod priority;
pub mod rating;
pub mod reference;
pub mod relation;
pub mod role;
pub mod rota;
pub mod routing;
pub mod schedule;
pub mod search;
pub mod status;
pub mod text;
pub mod throttle;
pub mod ticket;
pub mod update;
pub mod user;

pub use error::{DomainError, ValidationError};
pub use label::Labelled;
