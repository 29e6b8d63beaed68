//! The deadline scheduler, pass by pass on a manual clock: each reminder
//! once and on time in working hours (Monday–Friday 07:00–15:00 UTC), the
//! wait for a reply reminded then given up, answered tickets closed, and
//! two nodes whose passes overlap sending nothing twice and missing
//! nothing.

use chrono::{DateTime, Duration, Utc};

use guichet_domain::deadlines::Reminder;
use guichet_domain::event::{EventKind, reminder_of};
use guichet_domain::ids::TicketId;
use guichet_domain::role::Role;
use guichet_domain::status::{Qualifier, Status};
use guichet_service::bootstrap::{FirstLevelSettings, ensure_first_level_unit};
use guichet_service::deadlines::pass::{CLOSURE_REASON, NO_REPLY_REASON};
use guichet_service::deadlines::run_pass;
use guichet_service::input::{CreateTicketInput, UpdateTicketInput};
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::update::update_ticket;
use guichet_service::{Context, EventPosition, actor_of};
use guichet_store::Store;
use guichet_store::conformance::user;
use guichet_store::testing::TestStore;
use guichet_worker::{JobRun, Worker};

use crate::helpers::*;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// The reminders sent so far, with the time of their change, oldest first.
async fn reminders(store: &dyn Store, ticket: TicketId) -> Vec<(Reminder, DateTime<Utc>)> {
    let events = store.events_after(EventPosition::default(), 10_000).await.unwrap();
    events
        .iter()
        .filter(|e| e.ticket == Some(ticket) && e.kind == EventKind::DeadlineReached)
        .filter_map(|e| reminder_of(e.kind, &e.payload).map(|r| (r, e.created_at)))
        .collect()
}

/// A first-level unit with a member, a requester and a less urgent
/// ticket opened at `opened`.
async fn one_ticket(db: &TestStore, opened: DateTime<Utc>) -> (Context, TicketId) {
    let (ctx, _) = context_at(db.store.clone(), opened);
    ensure_first_level_unit(&ctx, &FirstLevelSettings::default())
        .await
        .unwrap();
    let pia = user(db.store.as_ref(), "pia@example.org", Role::Requester).await;
    let input = CreateTicketInput {
        subject: "CE down".into(),
        description: "Jobs fail.".into(),
        ..Default::default()
    };
    let id = create_ticket(&ctx, &actor_of(&pia), input).await.unwrap().ticket.id;
    (ctx, id)
}

/// A worker whose clock reads `moment`.
fn node_at(db: &TestStore, moment: DateTime<Utc>) -> Worker {
    let (ctx, _) = context_at(db.store.clone(), moment);
    Worker::standard(ctx, "node-a", fast())
}

fn deadlines_run(pass: &guichet_worker::PassReport) -> JobRun {
    pass.jobs.iter().find(|j| j.job == "deadlines").unwrap().run.clone()
}

/// Opened on Tuesday 1 December 2026 at 09:00 and left alone, a less
/// urgent ticket of a base-level unit turns yellow after 20 working hours
/// (Thursday 13:00), amber after 30 (Friday 15:00, with the QoS warning at
/// 75 % of its 40 h) and red after 40 (Tuesday 8th 09:00, with the
/// breach). Hourly passes tell each once, in the pass of its hour; the
/// breach is in the history.
async fn each_reminder_comes_once_and_on_time(db: TestStore) {
    let opened = at("2026-12-01T09:00:00Z");
    let (_, id) = one_ticket(&db, opened).await;
    let mut moment = opened;
    while moment <= at("2026-12-09T09:00:00Z") {
        let pass = node_at(&db, moment).run_once().await;
        assert!(matches!(deadlines_run(&pass), JobRun::Done(_)), "{pass:?}");
        moment += Duration::hours(1);
    }
    let colour = |name: &str| Reminder::Colour {
        colour: guichet_domain::deadlines::Colour::parse(name).unwrap(),
    };
    let expected = [
        (colour("yellow"), at("2026-12-03T13:00:00Z")),
        (colour("amber"), at("2026-12-04T15:00:00Z")),
        (Reminder::QosWarning { target_hours: 40 }, at("2026-12-04T15:00:00Z")),
        (colour("red"), at("2026-12-08T09:00:00Z")),
        (Reminder::QosBreach { target_hours: 40 }, at("2026-12-08T09:00:00Z")),
    ];
    assert_eq!(reminders(db.store.as_ref(), id).await, expected);
    let history = db.store.history(id).await.unwrap();
    let breach: Vec<_> = history.iter().filter(|h| h.change.field == "qos_breach").collect();
    assert_eq!(breach.len(), 1, "recorded once, for the reports");
    assert_eq!(breach[0].at, at("2026-12-08T09:00:00Z"));
    assert_eq!(breach[0].author.user, None, "by the system");
}

/// Set `waiting for reply` on Tuesday 1 December at 09:00, a ticket is
/// reminded after 5 working days (Tuesday 8th 09:00) and 10 (the 15th),
/// becomes `unsolved`, `no reply`, after 15 (the 22nd), then closes 10
/// working days later (5 January), each by the system with its reason.
async fn a_ticket_left_waiting_is_reminded_given_up_then_closed(db: TestStore) {
    let opened = at("2026-12-01T09:00:00Z");
    let (ctx, id) = one_ticket(&db, opened).await;
    let sam = user(db.store.as_ref(), "sam@example.org", Role::Supporter).await;
    let wait = UpdateTicketInput {
        status: Some("waiting for reply".into()),
        comment: Some("Which CE?".into()),
        ..Default::default()
    };
    update_ticket(&ctx, &actor_of(&sam), id, wait).await.unwrap();
    let mut moment = opened;
    while moment <= at("2027-01-06T09:00:00Z") {
        node_at(&db, moment).run_once().await;
        moment += Duration::hours(6);
    }
    let waiting: Vec<_> = reminders(db.store.as_ref(), id)
        .await
        .into_iter()
        .filter(|(r, _)| matches!(r, Reminder::AwaitingReply { .. }))
        .map(|(r, when)| (r.name(), when))
        .collect();
    assert_eq!(
        waiting,
        [
            ("awaiting-reply-first reminder".to_owned(), at("2026-12-08T09:00:00Z")),
            ("awaiting-reply-second reminder".to_owned(), at("2026-12-15T09:00:00Z")),
        ]
    );
    let ticket = db.store.ticket(id).await.unwrap().ticket;
    assert_eq!(ticket.status, Status::Closed);
    let history = db.store.history(id).await.unwrap();
    let statuses: Vec<_> = history
        .iter()
        .filter(|h| h.change.field == "status" && h.author.user.is_none())
        .map(|h| (h.change.new.clone().unwrap(), h.at, h.author.reason.clone().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("unsolved".into(), at("2026-12-22T09:00:00Z"), NO_REPLY_REASON.into()),
            ("closed".into(), at("2027-01-05T09:00:00Z"), CLOSURE_REASON.into()),
        ]
    );
    let qualifier = history.iter().find(|h| h.change.field == "qualifier").unwrap();
    assert_eq!(qualifier.change.new.as_deref(), Some(Qualifier::NoReply.as_str()));
}

/// Solved on Tuesday 1 December 2026 at 09:00 UTC, a ticket is still
/// solved on Tuesday the 15th at 08:59 (one working minute short of 10
/// working days), closed by a pass at 09:00, and a second pass closes
/// nothing more.
async fn an_answered_ticket_closes_ten_working_days_later(db: TestStore) {
    let (ctx, id) = one_ticket(&db, at("2026-12-01T09:00:00Z")).await;
    let sam = user(db.store.as_ref(), "sam@example.org", Role::Supporter).await;
    let solve = UpdateTicketInput {
        status: Some("solved".into()),
        qualifier: Some("fixed".into()),
        solution: Some("Restarted.".into()),
        ..Default::default()
    };
    update_ticket(&ctx, &actor_of(&sam), id, solve).await.unwrap();
    let ran = |pass: guichet_worker::PassReport| match deadlines_run(&pass) {
        JobRun::Done(summary) => summary,
        other => panic!("{other:?}"),
    };
    let before = ran(node_at(&db, at("2026-12-15T08:59:00Z")).run_once().await);
    assert!(before.ends_with(", 0 closed"), "{before}");
    assert_eq!(db.store.ticket(id).await.unwrap().ticket.status, Status::Solved);
    let due = ran(node_at(&db, at("2026-12-15T09:00:00Z")).run_once().await);
    assert!(due.ends_with(", 1 closed"), "{due}");
    assert_eq!(db.store.ticket(id).await.unwrap().ticket.status, Status::Closed);
    let again = ran(node_at(&db, at("2026-12-15T09:30:00Z")).run_once().await);
    assert!(again.ends_with(", 0 closed"), "{again}");
}

/// Two nodes, each with its own connections, run their passes at the same
/// moments and at once, as if their leases had overlapped: every reminder
/// of twelve tickets is sent once, and none is missing.
async fn two_nodes_send_each_reminder_once(db: TestStore) {
    let opened = at("2026-12-01T09:00:00Z");
    let (ctx, first) = one_ticket(&db, opened).await;
    let pia = db.store.user_by_email("pia@example.org").await.unwrap().unwrap();
    let mut tickets = vec![first];
    for i in 1..12 {
        let input = CreateTicketInput {
            subject: format!("ticket {i}"),
            description: "Broken.".into(),
            ..Default::default()
        };
        tickets.push(create_ticket(&ctx, &actor_of(&pia), input).await.unwrap().ticket.id);
    }
    let other = another_store(&db).await;
    let mut moment = opened;
    while moment <= at("2026-12-09T09:00:00Z") {
        let (a, _) = context_at(db.store.clone(), moment);
        let (b, _) = context_at(other.clone(), moment);
        let (ra, rb) = tokio::join!(run_pass(&a), run_pass(&b));
        ra.unwrap();
        rb.unwrap();
        moment += Duration::hours(2);
    }
    for ticket in tickets {
        let sent: Vec<String> = reminders(db.store.as_ref(), ticket)
            .await
            .into_iter()
            .map(|(r, _)| r.name())
            .collect();
        assert_eq!(
            sent,
            [
                "colour-yellow",
                "colour-amber",
                "qos-warning",
                "colour-red",
                "qos-breach"
            ],
            "ticket {ticket:?}"
        );
    }
}

guichet_store::backend_tests! {
    each_reminder_comes_once_and_on_time,
    a_ticket_left_waiting_is_reminded_given_up_then_closed,
    an_answered_ticket_closes_ten_working_days_later,
    two_nodes_send_each_reminder_once,
}
