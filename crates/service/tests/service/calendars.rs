//! Working-hours calendars: stored, cached per node for 30 seconds, set by
//! the right people, refused with the line at fault, and counted in by
//! the colours and the closure of a unit's tickets.

use chrono::Duration;

use guichet_domain::calendar::parse_hours;
use guichet_domain::deadlines::Colour;
use guichet_domain::role::Role;
use guichet_service::calendar::{
    Calendars, HolidayFormat, HolidayImport, import_holidays, remove_override, set_hours, stored_calendars,
};
use guichet_service::input::{CreateTicketInput, UpdateTicketInput};
use guichet_service::tickets::close::close_due;
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::read::{colour, visible_ticket};
use guichet_service::tickets::update::update_ticket;
use guichet_service::{Actor, ServiceError};
use guichet_store::testing::TestStore;

use crate::{context, person};

fn office() -> [guichet_domain::calendar::DayIntervals; 7] {
    parse_hours("mon-fri 09:00-17:00").unwrap()
}

fn always() -> [guichet_domain::calendar::DayIntervals; 7] {
    parse_hours("mon-sun 00:00-24:00").unwrap()
}

async fn another_node_sees_a_change_within_thirty_seconds(db: TestStore) {
    let (here, _) = context(&db, "2026-12-07T08:00:00Z").await;
    let (there, there_clock) = context(&db, "2026-12-07T08:00:00Z").await;
    let admin = Actor::system("test");
    assert_eq!(Calendars::load(&there).await.unwrap().deployment().zone().name(), "UTC");

    set_hours(&here, &admin, None, "Europe/Paris", office()).await.unwrap();
    let seen_here = Calendars::load(&here).await.unwrap();
    assert_eq!(
        seen_here.deployment().zone().name(),
        "Europe/Paris",
        "at once where it was made"
    );
    there_clock.advance(Duration::seconds(29));
    assert_eq!(Calendars::load(&there).await.unwrap().deployment().zone().name(), "UTC");
    there_clock.advance(Duration::seconds(1));
    let seen_there = Calendars::load(&there).await.unwrap();
    assert_eq!(
        seen_there.deployment(),
        seen_here.deployment(),
        "30 seconds later elsewhere"
    );
}

async fn hours_are_for_administrators_and_holidays_also_for_coordinators(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-07T08:00:00Z").await;
    let (_, admin) = person(&ctx, "ada", Role::Admin).await;
    let (_, coordinator) = person(&ctx, "cora", Role::Coordinator).await;
    let (_, supporter) = person(&ctx, "sam", Role::Supporter).await;
    for actor in [&coordinator, &supporter] {
        let refused = set_hours(&ctx, actor, None, "UTC", office()).await.unwrap_err();
        assert!(matches!(refused, ServiceError::Forbidden(_)), "{refused:?}");
        assert!(stored_calendars(&ctx, actor).await.is_err());
    }
    let list = "2026-12-25 Christmas";
    let refused = import_holidays(&ctx, &supporter, None, list, HolidayFormat::Text, HolidayImport::Add).await;
    assert!(matches!(refused, Err(ServiceError::Forbidden(_))), "{refused:?}");
    assert_eq!(stored_calendars(&ctx, &admin).await.unwrap(), []);

    let imported = import_holidays(&ctx, &coordinator, None, list, HolidayFormat::Text, HolidayImport::Add)
        .await
        .unwrap();
    assert_eq!(imported.spec.holidays().len(), 1);
    assert_eq!(
        imported.spec.zone().name(),
        "UTC",
        "the colours calendar, with a holiday"
    );
    let set = set_hours(&ctx, &admin, None, "Europe/Paris", office()).await.unwrap();
    assert_eq!(
        set.spec.holidays(),
        imported.spec.holidays(),
        "new hours keep the holidays"
    );
    let bad_zone = set_hours(&ctx, &admin, None, "Europe/Lutece", office())
        .await
        .unwrap_err();
    assert!(
        matches!(bad_zone, ServiceError::Invalid { field: "zone", .. }),
        "{bad_zone:?}"
    );
}

async fn a_refused_holiday_list_names_its_line_and_changes_nothing(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-07T08:00:00Z").await;
    let admin = Actor::system("test");
    let twice = "2026-12-25 Noël\n# the same day again\n2026-12-25 Christmas\n";
    let refused = import_holidays(&ctx, &admin, None, twice, HolidayFormat::Text, HolidayImport::Add)
        .await
        .unwrap_err();
    let ServiceError::Invalid { field, message } = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(field, "holidays");
    assert_eq!(message, "line 3: 2026-12-25 is already a holiday (\"Noël\", line 1)");
    let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2026-12-25\nEND:VEVENT\nEND:VCALENDAR\n";
    let refused = import_holidays(&ctx, &admin, None, ics, HolidayFormat::detect(ics), HolidayImport::Add).await;
    assert!(
        matches!(&refused, Err(ServiceError::Invalid { message, .. }) if message.starts_with("line 3: ")),
        "{refused:?}"
    );
    assert_eq!(stored_calendars(&ctx, &admin).await.unwrap(), []);

    let first = "2026-12-25 Noël\n2026-12-26 Boxing day";
    import_holidays(&ctx, &admin, None, first, HolidayFormat::Text, HolidayImport::Add)
        .await
        .unwrap();
    let clash = "2027-01-01 New year\n2026-12-26 Saint-Étienne";
    let refused = import_holidays(&ctx, &admin, None, clash, HolidayFormat::Text, HolidayImport::Add).await;
    assert!(
        matches!(&refused, Err(ServiceError::Invalid { message, .. }) if message.starts_with("line 2: 2026-12-26")),
        "{refused:?}"
    );
    let replaced = import_holidays(&ctx, &admin, None, clash, HolidayFormat::Text, HolidayImport::Replace)
        .await
        .unwrap();
    let names: Vec<&str> = replaced.spec.holidays().iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["Saint-Étienne", "New year"]);
}

async fn a_units_calendar_drives_its_tickets_colour_and_closure(db: TestStore) {
    // Monday 07:00 UTC: the colours calendar starts counting at once.
    let (ctx, clock) = context(&db, "2026-12-07T07:00:00Z").await;
    let system = Actor::system("test");
    let (_, rita) = person(&ctx, "rita", Role::Requester).await;
    let (_, sam) = person(&ctx, "sam", Role::Supporter).await;
    let input = CreateTicketInput {
        subject: "Slow transfers".into(),
        description: "Slow.".into(),
        ..Default::default()
    };
    let waiting = create_ticket(&ctx, &rita, input.clone()).await.unwrap().ticket;
    let answered = create_ticket(&ctx, &rita, input).await.unwrap().ticket;
    let solve = UpdateTicketInput {
        status: Some("solved".into()),
        qualifier: Some("fixed".into()),
        solution: Some("Tuned the buffers.".into()),
        ..Default::default()
    };
    update_ticket(&ctx, &sam, answered.id, solve).await.unwrap();

    // Thursday 07:00: 24 working hours of the colours calendar, 72 of
    // one that never stops.
    clock.advance(Duration::days(3));
    let ticket = visible_ticket(&ctx, &sam, waiting.id).await.unwrap().ticket;
    assert_eq!(colour(&ctx, &ticket), Some(Colour::Yellow));
    assert_eq!(close_due(&ctx, &system).await.unwrap(), 0);
    set_hours(&ctx, &system, Some(waiting.unit), "UTC", always())
        .await
        .unwrap();
    let ticket = visible_ticket(&ctx, &sam, waiting.id).await.unwrap().ticket;
    assert_eq!(colour(&ctx, &ticket), Some(Colour::Red));
    clock.advance(Duration::hours(8));
    assert_eq!(
        close_due(&ctx, &system).await.unwrap(),
        1,
        "80 working hours after the solution"
    );
    let closed = visible_ticket(&ctx, &sam, answered.id).await.unwrap().ticket;
    assert_eq!(closed.status.as_str(), "closed");

    assert!(remove_override(&ctx, &system, waiting.unit).await.unwrap());
    assert!(!remove_override(&ctx, &system, waiting.unit).await.unwrap());
    let ticket = visible_ticket(&ctx, &sam, waiting.id).await.unwrap().ticket;
    // Thursday 15:00: 32 working hours of the colours calendar.
    assert_eq!(
        colour(&ctx, &ticket),
        Some(Colour::Amber),
        "back to the deployment's calendar"
    );
}

guichet_store::backend_tests! {
    another_node_sees_a_change_within_thirty_seconds,
    hours_are_for_administrators_and_holidays_also_for_coordinators,
    a_refused_holiday_list_names_its_line_and_changes_nothing,
    a_units_calendar_drives_its_tickets_colour_and_closure,
}
