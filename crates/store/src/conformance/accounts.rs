//! Accounts, tokens and sessions, and moments stored exactly.

use chrono::Duration;

use guichet_domain::actor::Author;
use guichet_domain::event::relation_added_events;
use guichet_domain::ids::UserId;
use guichet_domain::reference::{QosLevel, UnitKind};
use guichet_domain::relation::RelationKind;
use guichet_domain::role::Role;
use guichet_domain::ticket::Ticket;

use super::*;
use crate::testing::TestStore;

/// Users: create, read, unique address, update, disable.
pub async fn users_are_unique_and_updatable(t: TestStore) {
    let s = t.store.as_ref();
    let alice = user(s, "alice@example.org", Role::Supporter).await;
    assert_eq!(s.user(alice.id).await.unwrap(), alice);
    assert_eq!(s.user_by_email("alice@example.org").await.unwrap(), Some(alice.clone()));
    let dup = s
        .create_user(NewUser {
            email: "alice@example.org".into(),
            name: "A".into(),
            role: Role::Admin,
            dn: None,
            password_hash: None,
            created_at: now(),
        })
        .await;
    assert!(
        matches!(dup, Err(StoreError::Conflict(m)) if m.contains("email")),
        "duplicate address is a conflict"
    );
    let patch = UserPatch {
        disabled: Some(true),
        role: Some(Role::Coordinator),
        ..Default::default()
    };
    let updated = s.update_user(alice.id, patch).await.unwrap();
    assert!(updated.disabled);
    assert_eq!(updated.role, Role::Coordinator);
    assert!(matches!(s.user(UserId(9999)).await, Err(StoreError::NotFound(_))));
}

/// Deleting an account takes its tokens, sessions and memberships with it;
/// an account that submitted a ticket stays.
pub async fn only_accounts_nothing_refers_to_are_deleted(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let passer = user(s, "passer@example.org", Role::Supporter).await;
    s.create_api_token(passer.id, "passer-token", now(), None)
        .await
        .unwrap();
    let tomorrow = now() + Duration::days(1);
    s.create_session(passer.id, "passer-session", now(), tomorrow)
        .await
        .unwrap();
    let team = s
        .create_unit(UnitInput {
            name: "Passers".into(),
            kind: UnitKind::Expertise,
            qos_level: QosLevel::Base,
            email: None,
            members: vec![passer.id],
        })
        .await
        .unwrap();
    s.delete_user(passer.id).await.unwrap();
    assert!(matches!(s.user(passer.id).await, Err(StoreError::NotFound(_))));
    assert_eq!(s.user_by_api_token("passer-token").await.unwrap(), None);
    assert_eq!(s.user_by_session("passer-session").await.unwrap(), None);
    assert!(s.unit(team.id).await.unwrap().members.is_empty());
    assert!(matches!(s.delete_user(passer.id).await, Err(StoreError::NotFound(_))));
    let author = user(s, "author@example.org", Role::Requester).await;
    let first = ticket(s, author.id, "kept", unit).await;
    let second = ticket(s, author.id, "related", unit).await;
    let relater = user(s, "relater@example.org", Role::Supporter).await;
    let relation = NewRelation {
        kind: RelationKind::CrossReference,
        from: first.id,
        to: second.id,
        created_at: now(),
    };
    let events = relation_added_events(relation.kind, (first.id, second.id), &Author::user(relater.id), 0);
    s.commit(ChangeSet {
        relations_added: vec![relation],
        events: events.to_vec(),
        ..change()
    })
    .await
    .unwrap();
    for kept in [&author, &relater] {
        let refused = s.delete_user(kept.id).await;
        assert!(
            matches!(&refused, Err(StoreError::Conflict(m)) if m.contains("disable")),
            "{refused:?}"
        );
        assert_eq!(&s.user(kept.id).await.unwrap(), kept);
    }
}

/// Tokens and sessions resolve to their user with their expiry.
pub async fn tokens_and_sessions_resolve(t: TestStore) {
    let s = t.store.as_ref();
    let bob = user(s, "bob@example.org", Role::Requester).await;
    let expiry = now() + Duration::hours(1);
    s.create_api_token(bob.id, "hash-1", now(), None).await.unwrap();
    s.create_session(bob.id, "sess-1", now(), expiry).await.unwrap();
    let (owner, expires) = s.user_by_api_token("hash-1").await.unwrap().unwrap();
    assert_eq!((owner.id, expires), (bob.id, None));
    let session = s.user_by_session("sess-1").await.unwrap().unwrap();
    assert_eq!(session.user.id, bob.id);
    assert!((session.expires_at - expiry).num_milliseconds().abs() < 1);
    assert!(s.user_by_api_token("nope").await.unwrap().is_none());
    s.delete_session("sess-1").await.unwrap();
    assert!(s.user_by_session("sess-1").await.unwrap().is_none());
}

/// Moments come back to the microsecond, before 1970 and far ahead too, and
/// compare as moments (`updated_since` is inclusive).
pub async fn moments_round_trip_exactly(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let ines = user(s, "ines@example.org", Role::Requester).await;
    let template = ticket(s, ines.id, "template", unit).await;
    let at = |text: &str| chrono::DateTime::parse_from_rfc3339(text).unwrap().to_utc();
    let moments = [
        at("1969-07-20T20:17:40.000001Z"),
        at("2016-02-29T23:59:59.999999Z"),
        at("2199-12-31T00:00:00.123456Z"),
    ];
    let mut stored = vec![];
    for moment in moments {
        let new = Ticket {
            occurred_at: Some(moment),
            updated_at: moment,
            ..template.clone()
        };
        stored.push(create(s, new).await.unwrap().id);
    }
    for (id, moment) in stored.iter().zip(moments) {
        let back = s.ticket(*id).await.unwrap().ticket;
        assert_eq!((back.occurred_at, back.updated_at), (Some(moment), moment));
    }
    let since = |moment| TicketFilter {
        updated_since: Some(moment),
        submitter: Some(ines.id),
        ..Default::default()
    };
    assert_eq!(total(s, &since(moments[1])).await, 3, "the template and the two latest");
    assert_eq!(total(s, &since(moments[1] + Duration::microseconds(1))).await, 2);
    s.create_session(ines.id, "sess-far", now(), moments[2]).await.unwrap();
    let session = s.user_by_session("sess-far").await.unwrap().unwrap();
    assert_eq!(session.expires_at, moments[2]);
}
