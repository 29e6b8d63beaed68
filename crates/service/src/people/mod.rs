//! What each person chooses for themselves and which tickets they follow.

pub mod preferences;
pub mod subscriptions;

use guichet_domain::actor::Actor;
use guichet_domain::ids::UserId;

use crate::{ServiceError, ServiceResult};

/// The person acting: the system has no preferences or subscriptions.
fn person(actor: &Actor) -> ServiceResult<UserId> {
    actor
        .user_id()
        .ok_or_else(|| ServiceError::Forbidden("the system has no preferences or subscriptions".into()))
}
