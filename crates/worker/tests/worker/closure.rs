//! Answered tickets close by themselves: 10 working days after the answer,
//! by the system, with the history to show why; not a moment before, and
//! once.

use chrono::{DateTime, Utc};

use guichet_domain::role::Role;
use guichet_domain::status::Status;
use guichet_service::actor_of;
use guichet_service::bootstrap::{FirstLevelSettings, ensure_first_level_unit};
use guichet_service::input::{CreateTicketInput, UpdateTicketInput};
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::update::update_ticket;
use guichet_store::conformance::user;
use guichet_store::testing::TestStore;
use guichet_worker::jobs::closure_reason;
use guichet_worker::{JobRun, Worker};

use crate::helpers::*;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// Solved on Tuesday 1 December 2026 at 09:00 UTC, a ticket is still
/// solved on Tuesday the 15th at 08:59 (one working minute short of 10
/// working days, 07:00–15:00 UTC), and closed by a pass at 09:00; a second
/// pass closes nothing more; a ticket solved later stays solved.
async fn an_answered_ticket_closes_ten_working_days_later(db: TestStore) {
    let (ctx, clock) = context_at(db.store.clone(), at("2026-12-01T09:00:00Z"));
    ensure_first_level_unit(&ctx, &FirstLevelSettings::default())
        .await
        .unwrap();
    let pia = user(db.store.as_ref(), "pia@example.org", Role::Requester).await;
    let sam = user(db.store.as_ref(), "sam@example.org", Role::Supporter).await;
    let open = |subject: &str| CreateTicketInput {
        subject: subject.into(),
        description: "Broken.".into(),
        ..Default::default()
    };
    let solve = || UpdateTicketInput {
        status: Some("solved".into()),
        qualifier: Some("fixed".into()),
        solution: Some("Restarted.".into()),
        ..Default::default()
    };
    let early = create_ticket(&ctx, &actor_of(&pia), open("early"))
        .await
        .unwrap()
        .ticket
        .id;
    update_ticket(&ctx, &actor_of(&sam), early, solve()).await.unwrap();
    clock.set(at("2026-12-03T09:00:00Z"));
    let late = create_ticket(&ctx, &actor_of(&pia), open("late"))
        .await
        .unwrap()
        .ticket
        .id;
    update_ticket(&ctx, &actor_of(&sam), late, solve()).await.unwrap();

    let pass_at = |moment: &str| {
        let (ctx, _) = context_at(db.store.clone(), at(moment));
        Worker::standard(ctx, "node-a", fast())
    };
    let closure = |pass: &guichet_worker::PassReport| {
        pass.jobs
            .iter()
            .find(|j| j.job == "ticket-closure")
            .unwrap()
            .run
            .clone()
    };
    let before = pass_at("2026-12-15T08:59:00Z").run_once().await;
    assert_eq!(closure(&before), JobRun::Done("0 answered tickets closed".into()));
    assert_eq!(db.store.ticket(early).await.unwrap().ticket.status, Status::Solved);
    let due = pass_at("2026-12-15T09:00:00Z").run_once().await;
    assert_eq!(closure(&due), JobRun::Done("1 answered tickets closed".into()));
    assert_eq!(db.store.ticket(early).await.unwrap().ticket.status, Status::Closed);
    assert_eq!(db.store.ticket(late).await.unwrap().ticket.status, Status::Solved);
    let why = db.store.history(early).await.unwrap();
    let last = why.iter().rev().find(|h| h.change.field == "status").unwrap();
    assert_eq!(last.change.new.as_deref(), Some("closed"));
    assert_eq!(last.author.user, None, "the system closed it");
    assert_eq!(last.author.reason.as_deref(), Some(closure_reason()));
    let again = pass_at("2026-12-15T09:30:00Z").run_once().await;
    assert_eq!(closure(&again), JobRun::Done("0 answered tickets closed".into()));
}

guichet_store::backend_tests! {
    an_answered_ticket_closes_ten_working_days_later,
}
