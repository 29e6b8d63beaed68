//! `guichet worker --once [--now]` and `guichet events failed|retry`.

use guichet_domain::ids::ParkedId;
use guichet_domain::role::Role;
use guichet_service::auth::token_hash;
use guichet_store::conformance::{first_level, now, ticket, user};
use guichet_store::testing::TestStore;
use guichet_store::{EventPosition, Parked};

use crate::helpers::*;

/// A pass at a time given on the command line purges the sessions expired
/// by then (past their end, or idle), and says what it did.
async fn a_pass_at_a_given_time_purges_what_expired_by_then(db: TestStore) {
    let url = url_for(&db);
    let vera = user(db.store.as_ref(), "vera@example.org", Role::Requester).await;
    let start = now();
    let expiry = start + chrono::Duration::days(3);
    db.store
        .create_session(vera.id, &token_hash("vera's"), start, expiry)
        .await
        .unwrap();
    db.store
        .create_session(
            vera.id,
            &token_hash("forgotten"),
            start,
            start + chrono::Duration::days(30),
        )
        .await
        .unwrap();
    let early = start + chrono::Duration::days(1);
    let used_recently = early - chrono::Duration::minutes(30);
    db.store
        .touch_session(&token_hash("vera's"), used_recently)
        .await
        .unwrap();
    let early = early.to_rfc3339();
    let out = guichet(&["worker", "--once", "--now", &early, "--database-url", &url]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("job session-purge: done: 1 expired sessions ended"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        db.store
            .user_by_session(&token_hash("forgotten"))
            .await
            .unwrap()
            .is_none(),
        "idle for a day"
    );
    assert!(db.store.user_by_session(&token_hash("vera's")).await.unwrap().is_some());
    let late = (start + chrono::Duration::days(4)).to_rfc3339();
    let out = guichet(&["worker", "--once", "--now", &late, "--database-url", &url]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("job session-purge: done: 1 expired sessions ended"),
        "{}",
        text(&out.stdout)
    );
    assert!(db.store.user_by_session(&token_hash("vera's")).await.unwrap().is_none());
}

/// Passes at times given on the command line make time pass for the
/// deadline scheduler: a month after its creation, an untouched ticket's
/// red and QoS breach are told once, and a second pass at that time tells
/// nothing more (nor reads the ticket, all of whose reminders are past).
async fn passes_at_given_times_tell_each_deadline_once(db: TestStore) {
    let url = url_for(&db);
    let unit = first_level(db.store.as_ref()).await;
    let vera = user(db.store.as_ref(), "vera@example.org", Role::Requester).await;
    ticket(db.store.as_ref(), vera.id, "CE down", unit).await;
    let pass = |at: chrono::DateTime<chrono::Utc>| {
        let out = guichet(&["worker", "--once", "--now", &at.to_rfc3339(), "--database-url", &url]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let start = now();
    let first = pass(start + chrono::Duration::minutes(1));
    assert!(
        first.contains("job deadlines: done: 1 open tickets read, 0 reminders sent"),
        "{first}"
    );
    let month = start + chrono::Duration::days(30);
    let later = pass(month);
    assert!(
        later.contains("1 open tickets read, 2 reminders sent (0 already sent)"),
        "{later}"
    );
    let again = pass(month);
    assert!(
        again.contains("0 open tickets read, 0 reminders sent"),
        "its last reminder is past, so it is no longer read: {again}"
    );
}

/// Operators list the parked changes and ask for another attempt.
async fn operators_list_and_retry_parked_changes(db: TestStore) {
    let url = url_for(&db);
    let out = guichet(&["events", "failed", "--database-url", &url]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("no parked changes"));
    let una = user(db.store.as_ref(), "una@example.org", Role::Requester).await;
    db.store
        .create_session(una.id, "gone", now(), now() - chrono::Duration::hours(1))
        .await
        .unwrap();
    let purge = guichet(&["worker", "--once", "--database-url", &url]);
    assert!(purge.status.success(), "{}", text(&purge.stderr));
    let event = &db.store.events_after(EventPosition::default(), 1).await.unwrap()[0];
    db.store
        .claim_consumer("mailer", "node-a", std::time::Duration::from_secs(30))
        .await
        .unwrap();
    let parked = Parked {
        id: ParkedId(0),
        consumer: "mailer".into(),
        change: event.change,
        first: event.position,
        last: event.position,
        kinds: vec![event.kind.to_string()],
        attempts: 5,
        error: "SMTP 554 rejected".into(),
        parked_at: now(),
        retry_requested: false,
    };
    assert!(db.store.park_change("mailer", "node-a", &parked).await.unwrap());
    let listed = guichet(&["events", "failed", "--database-url", &url]);
    let listing = text(&listed.stdout);
    assert!(
        listing.contains("mailer") && listing.contains("SMTP 554 rejected"),
        "{listing}"
    );
    assert!(
        listing.contains("sessions.purged") && listing.contains("5 attempts"),
        "{listing}"
    );
    let id = listing.split('\t').next().unwrap().trim().to_owned();
    let retried = guichet(&["events", "retry", &id, "--database-url", &url]);
    assert!(retried.status.success(), "{}", text(&retried.stderr));
    assert!(text(&retried.stderr).contains("will be retried"));
    let listed = guichet(&["events", "failed", "--database-url", &url]);
    assert!(text(&listed.stdout).contains("(retry requested)"));
    let unknown = guichet(&["events", "retry", "424242", "--database-url", &url]);
    assert!(!unknown.status.success());
    assert_eq!(text(&unknown.stderr).trim(), "error: parked change not found");
}

guichet_store::backend_tests! {
    a_pass_at_a_given_time_purges_what_expired_by_then,
    operators_list_and_retry_parked_changes,
    passes_at_given_times_tell_each_deadline_once,
}

/// `--now` that is not RFC 3339, or without `--once`: a clear refusal.
#[test]
fn a_bad_now_is_refused_clearly() {
    for bad in ["tomorrow", "2026-12-24", "2026-12-24 09:00"] {
        let out = guichet(&["worker", "--once", "--now", bad]);
        assert!(!out.status.success(), "{bad} is refused");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("is not an RFC 3339 time such as 2026-12-24T09:00:00Z"),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let out = guichet(&["worker", "--now", "2026-12-24T09:00:00Z"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--once"), "{}", text(&out.stderr));
}
