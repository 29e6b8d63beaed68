//! Use cases shared by every channel (JSON API now; web UI, mail and the
//! worker later). Each one validates its input into domain values, reads
//! what it needs, applies the pure domain rules, and commits one change set.

pub mod admin;
pub mod attachments;
pub mod auth;
pub mod error;
pub mod input;
pub mod schema;
pub mod tickets;

pub use error::{ServiceError, ServiceResult};

use guichet_domain::update::Actor;
use guichet_store::User;

/// The domain actor for an authenticated user.
pub fn actor_of(user: &User) -> Actor {
    Actor::user(user.id, user.role)
}
