//! Reminders by mail: each deadline says what was reached, in both
//! languages, and a scheduler pass mails the unit, not the requester.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use guichet_domain::clock::ManualClock;
use guichet_domain::deadlines::{Colour, EscalationLevel, Reminder, WaitingStep};
use guichet_domain::notify::{ChangeSummary, Side};
use guichet_domain::preferences::Language;
use guichet_domain::role::Role;
use guichet_mail::outbound::render;
use guichet_service::admin::units::{UnitBody, get_unit, update_unit};
use guichet_service::admin::users::{UserInput, add_user};
use guichet_service::bootstrap::{FirstLevelSettings, ensure_first_level_unit};
use guichet_service::deadlines::run_pass;
use guichet_service::input::CreateTicketInput;
use guichet_service::mail::outbox;
use guichet_service::tickets::create::create_ticket;
use guichet_service::{Actor, Context, User, actor_of};
use guichet_store::testing::{Backend, TestStore, fresh};

use crate::fixtures::{Parsed, notice, queue_notifications, recipient, settings};

fn reminded(reminder: Reminder, side: Side, language: Language) -> Parsed {
    let mut notice = notice();
    notice.summary = ChangeSummary {
        reminder: Some(reminder),
        ..ChangeSummary::default()
    };
    notice.author = None;
    notice.articles.clear();
    notice.fields.clear();
    notice.files.clear();
    Parsed::of(&render(&settings(), &notice, &recipient("unit@example.org", side), language).unwrap())
}

#[test]
fn each_reminder_says_which_deadline_was_reached_in_both_languages() {
    let cases = [
        (Reminder::Colour { colour: Colour::Red }, "turned red", "passé au rouge"),
        (Reminder::QosWarning { target_hours: 8 }, "75 %", "75 %"),
        (
            Reminder::QosBreach { target_hours: 8 },
            "(8 working hours) has passed",
            "(8 heures ouvrées)",
        ),
        (
            Reminder::Escalated {
                level: EscalationLevel::FirstLevel,
            },
            "level 2",
            "niveau 2",
        ),
        (
            Reminder::AwaitingReply {
                step: WaitingStep::SecondReminder,
            },
            "Reminder 2 of 2",
            "Rappel 2 sur 2",
        ),
    ];
    for (reminder, english, french) in cases {
        let en = reminded(reminder, Side::Supporter, Language::En);
        assert!(en.text.contains(english), "{reminder:?}: {}", en.text);
        let fr = reminded(reminder, Side::Supporter, Language::Fr);
        assert!(fr.text.contains(french), "{reminder:?}: {}", fr.text);
        assert!(!fr.shows("mail-action"), "no message id shows");
    }
}

async fn person(ctx: &Context, name: &str, role: Role) -> User {
    let input = UserInput {
        email: format!("{name}@example.org"),
        name: name.into(),
        role: role.as_str().into(),
        password: None,
        dn: None,
    };
    add_user(ctx, &Actor::system("test"), input).await.unwrap()
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// A ticket opened on Tuesday 1 December 2026 at 09:00 turns red on the
/// 8th at 09:00: the pass then mails the first-level unit's member, once,
/// and not the requester.
async fn a_pass_mails_the_unit_its_reminders(db: TestStore) {
    let clock = Arc::new(ManualClock::at(at("2026-12-01T09:00:00Z")));
    let ctx = Context::new(db.store.clone(), clock.clone());
    let unit = ensure_first_level_unit(&ctx, &FirstLevelSettings::default())
        .await
        .unwrap()
        .unit;
    let admin = Actor::system("test");
    let shifter = person(&ctx, "shifter", Role::Supporter).await;
    let rita = person(&ctx, "rita", Role::Requester).await;
    let current = get_unit(&ctx, unit).await.unwrap();
    let body = UnitBody {
        name: current.name.clone(),
        kind: current.kind.as_str().into(),
        qos_level: Some(current.qos_level.as_str().into()),
        email: current.email.clone(),
        members: vec![shifter.id],
    };
    update_unit(&ctx, &admin, unit, body).await.unwrap();
    let input = CreateTicketInput {
        subject: "CE down".into(),
        description: "Jobs fail.".into(),
        ..Default::default()
    };
    let ticket = create_ticket(&ctx, &actor_of(&rita), input).await.unwrap().ticket.id;
    queue_notifications(&ctx).await;
    let before = outbox::list(&ctx, Some(ticket)).await.unwrap().len();
    clock.set(at("2026-12-08T08:00:00Z"));
    run_pass(&ctx).await.unwrap();
    clock.set(at("2026-12-08T09:00:00Z"));
    run_pass(&ctx).await.unwrap();
    run_pass(&ctx).await.unwrap();
    queue_notifications(&ctx).await;
    let mails = outbox::list(&ctx, Some(ticket)).await.unwrap();
    let new: Vec<_> = mails[before..].iter().map(|m| m.recipient.clone()).collect();
    assert_eq!(
        new,
        ["shifter@example.org", "shifter@example.org"],
        "red, then the breach"
    );
    let red = Parsed::from_bytes(&mails[before].message);
    assert!(red.text.contains("turned red"), "{}", red.text);
}

#[tokio::test]
async fn a_pass_mails_the_unit_its_reminders_sqlite() {
    if let Some(db) = fresh(Backend::Sqlite).await {
        a_pass_mails_the_unit_its_reminders(db).await;
    }
}

#[tokio::test]
async fn a_pass_mails_the_unit_its_reminders_postgres() {
    if let Some(db) = fresh(Backend::Postgres).await {
        a_pass_mails_the_unit_its_reminders(db).await;
    }
}
