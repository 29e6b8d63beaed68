//! Knowledge-base and portal endpoints, one file per action: answers,
//! their categories, the tickets citing them, and the portal's links.

pub mod categories;
pub mod citing;
pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod portal_links;
pub mod update;
pub mod views;

use guichet_service::Actor;
use guichet_service::actor_of;

use crate::auth::MaybeUser;

/// The actor of an optional user.
fn viewer(user: &MaybeUser) -> Option<Actor> {
    user.0.as_ref().map(actor_of)
}
