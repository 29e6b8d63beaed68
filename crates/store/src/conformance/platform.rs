//! The platform's storage: consumers' leases and cursors, parked changes,
//! periodic jobs' leases and slots, expired sessions, and bulk loads beside
//! live creations.

use std::time::Duration as Wait;

use chrono::Duration;

use guichet_domain::actor::Author;
use guichet_domain::event::{EventKind, sessions_purged_event};
use guichet_domain::ids::ParkedId;
use guichet_domain::role::Role;
use guichet_domain::ticket::Ticket;

use super::{all_events, change, create, first_level, now, ticket, user};
use crate::testing::TestStore;
use crate::*;

const LEASE: Wait = Wait::from_secs(30);

/// A consumer's lease is one node's at a time; its cursor moves only for
/// the lease holder, past what it handled, and failures are remembered.
pub async fn consumers_hold_leases_and_cursors(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let jo = user(s, "jo@example.org", Role::Requester).await;
    for i in 0..3 {
        ticket(s, jo.id, &format!("t{i}"), unit).await;
    }
    let state = s.claim_consumer("mailer", "node-a", LEASE).await.unwrap().unwrap();
    assert_eq!(
        state.cursor,
        EventPosition::default(),
        "a new consumer starts at the beginning"
    );
    assert_eq!(state.failing, None);
    assert_eq!(
        s.claim_consumer("mailer", "node-b", LEASE).await.unwrap(),
        None,
        "leased to node-a"
    );
    assert!(
        s.claim_consumer("indexer", "node-b", LEASE).await.unwrap().is_some(),
        "another consumer is free"
    );

    let events = s.events_after(state.cursor, 10).await.unwrap();
    assert_eq!(events.len(), 3);
    assert!(events.windows(2).all(|w| w[0].position < w[1].position), "in order");
    assert!(
        s.advance_consumer("mailer", "node-a", LEASE, events[0].position)
            .await
            .unwrap()
    );
    assert!(
        !s.advance_consumer("mailer", "node-b", LEASE, events[2].position)
            .await
            .unwrap(),
        "not node-b's"
    );
    let after_first = s.events_after(events[0].position, 10).await.unwrap();
    assert_eq!(after_first, events[1..]);

    let failing = Failing {
        change: events[1].change,
        failures: 2,
        retry_at: now() + Duration::seconds(4),
        error: "SMTP server unreachable".into(),
    };
    assert!(
        s.consumer_failed("mailer", "node-a", events[0].position, &failing)
            .await
            .unwrap()
    );
    let again = s.claim_consumer("mailer", "node-a", LEASE).await.unwrap().unwrap();
    assert_eq!(again.cursor, events[0].position);
    assert_eq!(again.failing, Some(failing), "the failure is remembered");

    s.release_consumer("mailer", "node-a").await.unwrap();
    let taken = s.claim_consumer("mailer", "node-b", LEASE).await.unwrap().unwrap();
    assert_eq!(taken.cursor, events[0].position, "node-b goes on from node-a's cursor");
    assert!(
        !s.advance_consumer("mailer", "node-a", LEASE, events[2].position)
            .await
            .unwrap(),
        "released"
    );
}

/// A change given up on is parked, the cursor moves past it, and an
/// operator's retry request is recorded until the outcome is.
pub async fn parked_changes_wait_for_an_operator(t: TestStore) {
    let s = t.store.as_ref();
    let unit = first_level(s).await;
    let jo = user(s, "jo@example.org", Role::Requester).await;
    ticket(s, jo.id, "parked", unit).await;
    ticket(s, jo.id, "next", unit).await;
    s.claim_consumer("mailer", "node-a", LEASE).await.unwrap().unwrap();
    let events = all_events(s).await;
    let parked = Parked {
        id: ParkedId(0),
        consumer: "mailer".into(),
        change: events[0].change,
        first: events[0].position,
        last: events[0].position,
        kinds: vec!["ticket.created".into()],
        attempts: 5,
        error: "template missing".into(),
        parked_at: now(),
        retry_requested: false,
    };
    assert!(
        !s.park_change("mailer", "node-b", &parked).await.unwrap(),
        "only the lease holder parks"
    );
    assert!(s.parked(None).await.unwrap().is_empty(), "nothing parked by node-b");
    assert!(s.park_change("mailer", "node-a", &parked).await.unwrap());
    let state = s.claim_consumer("mailer", "node-a", LEASE).await.unwrap().unwrap();
    assert_eq!(
        state.cursor, events[0].position,
        "the cursor moved past the parked change"
    );

    let listed = s.parked(Some("mailer")).await.unwrap();
    assert_eq!(listed.len(), 1);
    let stored = &listed[0];
    assert_eq!(
        (
            &stored.kinds,
            stored.attempts,
            stored.error.as_str(),
            stored.retry_requested
        ),
        (&parked.kinds, 5, "template missing", false)
    );
    assert!(s.parked(Some("indexer")).await.unwrap().is_empty());
    let of_change = s.change_events(stored.change, stored.first, stored.last).await.unwrap();
    assert_eq!(of_change, events[..1]);

    assert!(s.request_retry(stored.id).await.unwrap().retry_requested);
    assert!(matches!(
        s.request_retry(ParkedId(9_999)).await,
        Err(StoreError::NotFound(_))
    ));
    s.retried(stored.id, Some("still missing")).await.unwrap();
    let failed_again = &s.parked(None).await.unwrap()[0];
    assert_eq!(
        (
            failed_again.attempts,
            failed_again.error.as_str(),
            failed_again.retry_requested
        ),
        (6, "still missing", false)
    );
    s.retried(stored.id, None).await.unwrap();
    assert!(s.parked(None).await.unwrap().is_empty(), "a success removes it");
}

/// A node that stops renewing its lease, as a dead one does, loses it to
/// another once the lease expires by the database's clock.
pub async fn expired_leases_are_taken_over(t: TestStore) {
    let s = t.store.as_ref();
    let short = Wait::from_millis(300);
    assert!(s.claim_consumer("mailer", "dead-node", short).await.unwrap().is_some());
    assert!(
        s.claim_job("purge", "dead-node", now(), short, false)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(s.claim_consumer("mailer", "live-node", LEASE).await.unwrap(), None);
    assert_eq!(
        s.claim_job("purge", "live-node", now(), LEASE, false).await.unwrap(),
        None
    );
    tokio::time::sleep(Wait::from_millis(600)).await;
    assert!(s.claim_consumer("mailer", "live-node", LEASE).await.unwrap().is_some());
    let taken = s
        .claim_job("purge", "live-node", now(), LEASE, false)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(taken.lease_owner.as_deref(), Some("live-node"));
    assert!(
        !s.advance_consumer("mailer", "dead-node", short, EventPosition::default())
            .await
            .unwrap()
    );
    let late = JobEnd {
        at: now(),
        next_due: None,
        error: None,
    };
    assert!(
        !s.finish_job("purge", "dead-node", &late).await.unwrap(),
        "its lease is gone"
    );
}

/// A job is due by the caller's clock, runs once per slot whoever asks,
/// and records its runs and failures.
pub async fn jobs_run_once_per_slot(t: TestStore) {
    let s = t.store.as_ref();
    let start = now();
    let hour = Duration::hours(1);
    let claimed = s
        .claim_job("purge", "node-a", start, LEASE, false)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claimed.due_at, start, "a new job is due at once");
    assert_eq!(
        s.claim_job("purge", "node-b", start, LEASE, false).await.unwrap(),
        None,
        "leased"
    );
    let done = JobEnd {
        at: start,
        next_due: Some(start + hour),
        error: None,
    };
    assert!(s.finish_job("purge", "node-a", &done).await.unwrap());
    let later = start + Duration::minutes(30);
    assert_eq!(
        s.claim_job("purge", "node-b", later, LEASE, false).await.unwrap(),
        None,
        "not due"
    );
    let next = s
        .claim_job("purge", "node-b", start + hour, LEASE, false)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((next.due_at, next.runs), (start + hour, 1));
    assert!(s.renew_job("purge", "node-b", LEASE).await.unwrap());
    assert!(!s.renew_job("purge", "node-a", LEASE).await.unwrap(), "not node-a's");
    let failed = JobEnd {
        at: start + hour,
        next_due: Some(start + hour + Duration::seconds(1)),
        error: Some("database busy".into()),
    };
    assert!(s.finish_job("purge", "node-b", &failed).await.unwrap());
    let state = &s.jobs().await.unwrap()[0];
    assert_eq!(
        (
            state.runs,
            state.failures,
            state.last_error.as_deref(),
            state.lease_owner.as_deref()
        ),
        (1, 1, Some("database busy"), None)
    );
    let forced = s.claim_job("purge", "node-a", start, LEASE, true).await.unwrap();
    assert!(forced.is_some(), "a forced claim ignores the schedule");
    s.release_job("purge", "node-a").await.unwrap();
    let released = &s.jobs().await.unwrap()[0];
    assert_eq!(
        (released.lease_owner.as_deref(), released.due_at),
        (None, failed.next_due.unwrap())
    );
}

/// Expired sessions are listed by expiry and ended by a change, with an
/// event that concerns no ticket.
pub async fn expired_sessions_end_with_a_change(t: TestStore) {
    let s = t.store.as_ref();
    let una = user(s, "una@example.org", Role::Requester).await;
    let at = now();
    for (hash, expiry) in [("old", -2), ("older", -3), ("live", 2)] {
        s.create_session(una.id, hash, at, at + Duration::hours(expiry))
            .await
            .unwrap();
    }
    let long_ago = at - Duration::days(1);
    let expired = s.expired_sessions(at, long_ago, 10).await.unwrap();
    assert_eq!(expired, ["older", "old"]);
    assert_eq!(s.expired_sessions(at, long_ago, 1).await.unwrap(), ["older"]);
    let author = Author::system("session purge");
    s.commit(ChangeSet {
        sessions_ended: expired.clone(),
        events: vec![sessions_purged_event(&author, expired.len(), at)],
        ..change()
    })
    .await
    .unwrap();
    assert!(s.user_by_session("old").await.unwrap().is_none());
    assert!(s.user_by_session("live").await.unwrap().is_some());
    let events = all_events(s).await;
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].kind, events[0].ticket), (EventKind::SessionsPurged, None));
    assert_eq!(events[0].author, author);
    assert_eq!(events[0].payload["count"], 2);
}

/// A bulk load into a live database takes ids that tickets created
/// meanwhile, through another connection, never collide with. (On SQLite
/// the load and the creations take turns on the one writer, so only
/// PostgreSQL could collide.)
pub async fn a_bulk_load_beside_live_creations_keeps_every_ticket(t: TestStore) {
    let s = t.store.clone();
    let unit = first_level(s.as_ref()).await;
    let kim = user(s.as_ref(), "kim@example.org", Role::Requester).await;
    let template = ticket(s.as_ref(), kim.id, "template", unit).await;
    let bulk: Vec<BulkTicket> = (0..3_000)
        .map(|i| BulkTicket {
            ticket: Ticket {
                subject: format!("bulk {i}"),
                cc: vec![],
                ..template.clone()
            },
            articles: vec![],
        })
        .collect();
    let loader = tokio::spawn({
        let s = s.clone();
        async move { s.bulk_insert(bulk).await }
    });
    let mut live = Vec::new();
    for i in 0..20 {
        let new = Ticket {
            subject: format!("live {i}"),
            ..template.clone()
        };
        live.push(create(s.as_ref(), new).await.unwrap().id);
    }
    assert_eq!(loader.await.unwrap().unwrap(), 3_000);
    assert_eq!(
        s.ticket_count().await.unwrap(),
        1 + 3_000 + 20,
        "nothing lost or replaced"
    );
    for (i, id) in live.iter().enumerate() {
        assert_eq!(s.ticket(*id).await.unwrap().ticket.subject, format!("live {i}"));
    }
}
