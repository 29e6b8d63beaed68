//! The first real job: expired sessions purged by the system, at the time
//! the worker's clock says.

use chrono::Duration as Span;

use guichet_domain::role::Role;
use guichet_service::auth::token_hash;
use guichet_store::EventPosition;
use guichet_store::conformance::user;
use guichet_store::testing::TestStore;
use guichet_worker::{JobRun, Worker, jobs::session_purge_reason};

use crate::helpers::*;

/// `worker --once --now T`: sessions expired by T end, with an event by the
/// system that says why; the others stay; a second pass ends nothing more.
async fn a_pass_at_a_given_time_purges_the_sessions_expired_by_then(db: TestStore) {
    let nina = user(db.store.as_ref(), "nina@example.org", Role::Requester).await;
    for (token, hours) in [("soon", 1), ("later", 3)] {
        db.store
            .create_session(nina.id, &token_hash(token), start(), start() + Span::hours(hours))
            .await
            .unwrap();
    }
    let (ctx, _clock) = context_at(db.store.clone(), start() + Span::hours(2));
    let worker = Worker::standard(ctx, "node-a", fast());
    let pass = worker.run_once().await;
    assert_eq!(pass.jobs[0].job, "session-purge");
    assert_eq!(pass.jobs[0].run, JobRun::Done("1 expired sessions ended".into()));
    assert!(db.store.user_by_session(&token_hash("soon")).await.unwrap().is_none());
    assert!(db.store.user_by_session(&token_hash("later")).await.unwrap().is_some());
    let events = db.store.events_after(EventPosition::default(), 10).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].ticket, None, "an event about no ticket");
    assert_eq!(events[0].author.user, None);
    assert_eq!(events[0].author.reason.as_deref(), Some(session_purge_reason()));
    let again = worker.run_once().await;
    assert_eq!(again.jobs[0].run, JobRun::Done("0 expired sessions ended".into()));
    assert_eq!(
        db.store.events_after(EventPosition::default(), 10).await.unwrap().len(),
        1
    );
}

guichet_store::backend_tests! {
    a_pass_at_a_given_time_purges_the_sessions_expired_by_then,
}
