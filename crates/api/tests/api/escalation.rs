//! The submitter's escalation button: three levels one at a time, at most
//! once per 8 working hours (Monday–Friday 07:00–15:00 UTC), recorded in
//! the history, each level mailing more people.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use guichet_domain::clock::ManualClock;
use guichet_domain::ids::TicketId;
use guichet_domain::role::Role;
use guichet_domain::text::Email;
use guichet_mail::outbound::NotificationConsumer;
use guichet_service::events::{PumpOutcome, PumpPolicy, pump};
use guichet_service::mail::{MailSettings, outbox};
use guichet_service::tickets::close::close_ticket;
use guichet_service::{Actor, Context};
use guichet_store::testing::TestStore;

use crate::helpers::{Caller, TestApp};

/// Monday 7 December 2026, 08:00 UTC: one working hour into the day.
fn monday() -> DateTime<Utc> {
    "2026-12-07T08:00:00Z".parse().unwrap()
}

fn escalation(id: &Value) -> String {
    format!("/api/v1/tickets/{id}/escalation")
}

/// Runs the notification consumer over every change so far.
async fn queue_notifications(ctx: &Context) {
    let helpdesk = Email::parse("helpdesk", "helpdesk@guichet.example.org").unwrap();
    let consumer = NotificationConsumer::new(MailSettings::new(helpdesk, "guichet-test", "https://guichet.test/"));
    loop {
        let pumped = pump(ctx, &consumer, "node-test", &PumpPolicy::default()).await.unwrap();
        match pumped.outcome {
            PumpOutcome::CaughtUp => return,
            PumpOutcome::More => continue,
            other => panic!("the consumer failed: {other:?}"),
        }
    }
}

/// The addresses mailed about `ticket` since the mails `seen` (which it
/// then holds too).
async fn mailed_since(ctx: &Context, ticket: TicketId, seen: &mut BTreeSet<i64>) -> BTreeSet<String> {
    queue_notifications(ctx).await;
    let mut fresh = BTreeSet::new();
    for mail in outbox::list(ctx, Some(ticket)).await.unwrap() {
        if seen.insert(mail.id) {
            fresh.insert(mail.recipient);
        }
    }
    fresh
}

/// A unit `Storage` with `member`, and `shifter` added to first-level support.
async fn units(app: &TestApp, admin: &Caller, member: &Caller, shifter: &Caller) -> i64 {
    let body = json!({ "name": "Storage", "kind": "expertise", "qos_level": "base", "members": [member.user.id.0] });
    let unit = app.post(admin, "/api/v1/units", body).await.expect(StatusCode::CREATED);
    let path = format!("/api/v1/units/{}", app.org.first_level.0);
    let mut first = app.get(admin, &path).await.expect(StatusCode::OK);
    first["members"].as_array_mut().unwrap().push(json!(shifter.user.id.0));
    first.as_object_mut().unwrap().remove("id");
    app.put(admin, &path, first).await.expect(StatusCode::OK);
    unit["id"].as_i64().unwrap()
}

async fn three_levels_one_at_a_time(db: TestStore) {
    let clock = Arc::new(ManualClock::at(monday()));
    let app = TestApp::on_clock(db, clock.clone()).await;
    let admin = app.caller("root", Role::Admin).await;
    let member = app.caller("sam", Role::Supporter).await;
    let shifter = app.caller("shift", Role::Shifter).await;
    let coordinator = app.caller("coord", Role::Coordinator).await;
    let pia = app.caller("pia", Role::Requester).await;
    let storage = units(&app, &admin, &member, &shifter).await;
    let ticket = app.open(&pia, "Transfers to the tape system fail").await;
    let id = &ticket["id"];
    app.change(&admin, id, json!({ "unit": storage })).await;
    let ticket_id = TicketId(id.as_i64().unwrap());
    let mut seen = BTreeSet::new();
    mailed_since(&app.ctx, ticket_id, &mut seen).await;
    let (sam, shift, coord) = ("sam@example.org", "shift@example.org", "coord@example.org");

    let before = app.get(&pia, &escalation(id)).await.expect(StatusCode::OK);
    assert_eq!(
        (
            &before["level"],
            &before["next_level"],
            &before["possible"],
            &before["may_escalate"]
        ),
        (&Value::Null, &json!("unit"), &json!(true), &json!(true)),
        "{before}"
    );
    let seen_by_sam = app.get(&member, &escalation(id)).await.expect(StatusCode::OK);
    assert_eq!(
        seen_by_sam["may_escalate"], false,
        "a supporter sees it, without the button"
    );
    app.post(&coordinator, &escalation(id), json!({}))
        .await
        .expect_error(StatusCode::FORBIDDEN, "forbidden", None);

    let first = app.post(&pia, &escalation(id), json!({})).await.expect(StatusCode::OK);
    assert_eq!(first["level"], "unit", "{first}");
    assert_eq!(first["next_level"], "first-level");
    assert_eq!(first["possible"], false);
    assert_eq!(first["time_left"], "8 h 0 min");
    assert_eq!(first["time_left_minutes"], 480);
    let tuesday: DateTime<Utc> = "2026-12-08T08:00:00Z".parse().unwrap();
    let possible_at: DateTime<Utc> = first["possible_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(possible_at, tuesday, "7 h on Monday, 1 h on Tuesday");
    let mailed = mailed_since(&app.ctx, ticket_id, &mut seen).await;
    assert!(mailed.contains(sam), "{mailed:?}");
    assert!(!mailed.contains(shift) && !mailed.contains(coord), "{mailed:?}");
    assert!(!mailed.contains("pia@example.org"), "not the submitter who escalated");

    // 6 h 40 min of working time later, on Monday at 14:40: 1 h 20 min left.
    clock.advance(Duration::minutes(6 * 60 + 40));
    let message = app.post(&pia, &escalation(id), json!({})).await.expect_error(
        StatusCode::CONFLICT,
        "conflict",
        Some("escalation"),
    );
    assert!(message.contains("1 h 20 min"), "{message}");
    assert!(message.contains("2026-12-08T08:00:00Z"), "{message}");
    let waiting = app.get(&pia, &escalation(id)).await.expect(StatusCode::OK);
    assert_eq!(
        (&waiting["level"], &waiting["time_left"]),
        (&json!("unit"), &json!("1 h 20 min"))
    );
    assert!(
        mailed_since(&app.ctx, ticket_id, &mut seen).await.is_empty(),
        "a refusal mails nobody"
    );

    // Monday until 15:00 counts, the night does not: 1 h left at midnight,
    // as at 07:00 on Tuesday.
    for night in ["2026-12-08T00:00:00Z", "2026-12-08T07:00:00Z"] {
        clock.set(night.parse().unwrap());
        let state = app.get(&pia, &escalation(id)).await.expect(StatusCode::OK);
        assert_eq!(state["time_left"], "1 h 0 min", "{night}");
    }

    clock.set(tuesday);
    let second = app.post(&pia, &escalation(id), json!({})).await.expect(StatusCode::OK);
    assert_eq!(
        (&second["level"], &second["next_level"]),
        (&json!("first-level"), &json!("coordinators"))
    );
    let mailed = mailed_since(&app.ctx, ticket_id, &mut seen).await;
    assert!(mailed.contains(sam) && mailed.contains(shift), "{mailed:?}");
    assert!(!mailed.contains(coord), "{mailed:?}");

    clock.set("2026-12-09T08:00:00Z".parse().unwrap());
    let third = app.post(&pia, &escalation(id), json!({})).await.expect(StatusCode::OK);
    assert_eq!(
        (&third["level"], &third["next_level"]),
        (&json!("coordinators"), &Value::Null)
    );
    assert_eq!(
        (&third["possible_at"], &third["time_left"]),
        (&Value::Null, &Value::Null)
    );
    let mailed = mailed_since(&app.ctx, ticket_id, &mut seen).await;
    assert!(
        mailed.contains(sam) && mailed.contains(shift) && mailed.contains(coord),
        "{mailed:?}"
    );

    clock.set("2026-12-21T08:00:00Z".parse().unwrap());
    let message = app.post(&pia, &escalation(id), json!({})).await.expect_error(
        StatusCode::CONFLICT,
        "conflict",
        Some("escalation"),
    );
    assert!(message.contains("highest level"), "{message}");

    let history = app
        .get(&pia, &format!("/api/v1/tickets/{id}/history"))
        .await
        .expect(StatusCode::OK);
    let escalations: Vec<_> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["field"] == "escalation")
        .map(|entry| (entry["new"].clone(), entry["actor"].clone(), entry["at"].clone()))
        .collect();
    let pia_id = json!(pia.user.id.0);
    assert_eq!(
        escalations
            .iter()
            .map(|(level, actor, _)| (level.clone(), actor.clone()))
            .collect::<Vec<_>>(),
        [
            (json!("unit"), pia_id.clone()),
            (json!("first-level"), pia_id.clone()),
            (json!("coordinators"), pia_id)
        ],
        "{history}"
    );
    let at: DateTime<Utc> = escalations[1].2.as_str().unwrap().parse().unwrap();
    assert_eq!(at, tuesday);
}

async fn only_the_submitter_escalates_an_open_ticket(db: TestStore) {
    let clock = Arc::new(ManualClock::at(monday()));
    let app = TestApp::on_clock(db, clock.clone()).await;
    let pia = app.caller("pia", Role::Requester).await;
    let other = app.caller("otto", Role::Requester).await;
    let supporter = app.caller("sam", Role::Supporter).await;
    let ticket = app.open(&pia, "Jobs stay queued").await;
    let id = &ticket["id"];
    for caller in [&other, &supporter] {
        let message =
            app.post(caller, &escalation(id), json!({}))
                .await
                .expect_error(StatusCode::FORBIDDEN, "forbidden", None);
        assert!(message.contains("submitter"), "{message}");
    }
    let private = app.open_private(&pia, "My certificate expired").await;
    app.post(&other, &escalation(&private["id"]), json!({}))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
    app.get(&other, &escalation(&private["id"]))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found", None);
    let history = app
        .get(&pia, &format!("/api/v1/tickets/{id}/history"))
        .await
        .expect(StatusCode::OK);
    assert!(
        history.as_array().unwrap().iter().all(|e| e["field"] != "escalation"),
        "refusals leave no trace: {history}"
    );

    let solved = json!({ "status": "solved", "qualifier": "fixed", "solution": "Restarted the scheduler." });
    app.change(&supporter, id, solved).await;
    let message = app.post(&pia, &escalation(id), json!({})).await.expect_error(
        StatusCode::CONFLICT,
        "conflict",
        Some("escalation"),
    );
    assert!(message.contains("\"solved\""), "{message}");
    let ticket_id = TicketId(id.as_i64().unwrap());
    close_ticket(&app.ctx, &Actor::system("test: closure"), ticket_id)
        .await
        .unwrap();
    let message = app.post(&pia, &escalation(id), json!({})).await.expect_error(
        StatusCode::CONFLICT,
        "conflict",
        Some("escalation"),
    );
    assert!(message.contains("\"closed\""), "{message}");
    let state = app.get(&pia, &escalation(id)).await.expect(StatusCode::OK);
    assert_eq!(
        (&state["possible"], &state["may_escalate"], &state["possible_at"]),
        (&json!(false), &json!(false), &Value::Null),
        "{state}"
    );
}

guichet_store::backend_tests! {
    three_levels_one_at_a_time,
    only_the_submitter_escalates_an_open_ticket,
}
