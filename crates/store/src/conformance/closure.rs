//! Confirmed closure: the deployment's shared secrets and ratings.

use guichet_domain::ids::TicketId;
use guichet_domain::role::Role;

use super::{first_level, now, ticket, user};
use crate::TicketRating;
use crate::testing::TestStore;

/// The first value offered for a secret is kept; nodes racing to make it
/// all get the one that won, and another name is another secret.
pub async fn a_deployment_secret_is_made_once(t: TestStore) {
    let s = t.store.clone();
    let racing: Vec<_> = (0..8u8)
        .map(|i| {
            let s = s.clone();
            tokio::spawn(async move { s.deployment_secret("links", &[i; 32]).await.unwrap() })
        })
        .collect();
    let mut values = Vec::new();
    for handle in racing {
        values.push(handle.await.unwrap());
    }
    assert_eq!(values[0].len(), 32);
    assert!(values.iter().all(|v| *v == values[0]), "every node has the same key");
    assert_eq!(
        s.deployment_secret("links", &[99; 32]).await.unwrap(),
        values[0],
        "kept"
    );
    assert_eq!(s.deployment_secret("other", &[7; 16]).await.unwrap(), vec![7; 16]);
}

/// A ticket is rated once; the first rating stays; a missing ticket is not found.
pub async fn a_ticket_is_rated_once(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let pia = user(s, "pia@example.org", Role::Requester).await;
    let rated = ticket(s, pia.id, "Rated", unit).await;
    assert_eq!(s.ticket_rating(rated.id).await.unwrap(), None);
    let at = now();
    let rating = TicketRating {
        ticket: rated.id,
        rating: 4,
        comment: Some("Quick and right.".into()),
        rated_at: at,
        rated_by: pia.id,
    };
    assert!(s.rate_ticket(&rating).await.unwrap());
    let again = TicketRating {
        rating: 1,
        comment: None,
        ..rating.clone()
    };
    assert!(!s.rate_ticket(&again).await.unwrap(), "only once");
    assert_eq!(s.ticket_rating(rated.id).await.unwrap(), Some(rating.clone()));
    let missing = TicketRating {
        ticket: TicketId(rated.id.0 + 1000),
        ..rating
    };
    let error = s.rate_ticket(&missing).await.unwrap_err();
    assert!(matches!(error, crate::StoreError::NotFound("ticket")), "{error:?}");
}
