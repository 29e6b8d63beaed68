//! Use cases read the time from the clock they are given, and the system
//! acts under a reason that history keeps.

use chrono::Duration;

use guichet_domain::role::Role;
use guichet_service::input::{CreateTicketInput, RelationInput, UpdateTicketInput};
use guichet_service::tickets::close::close_ticket;
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::relations::add_relation;
use guichet_service::tickets::update::update_ticket;
use guichet_service::{Actor, ServiceError};
use guichet_store::testing::TestStore;

use crate::{context, person};

fn input(subject: &str) -> CreateTicketInput {
    CreateTicketInput {
        subject: subject.into(),
        description: "Broken.".into(),
        ..Default::default()
    }
}

async fn use_cases_take_the_time_from_their_clock(db: TestStore) {
    let (ctx, clock) = context(&db, "2031-06-15T10:00:00Z").await;
    let (_, rita) = person(&ctx, "rita", Role::Requester).await;
    let opened = create_ticket(&ctx, &rita, input("In the future")).await.unwrap().ticket;
    assert_eq!(opened.created_at, guichet_domain::clock::Clock::now(clock.as_ref()));
    clock.advance(Duration::hours(3));
    let (_, sam) = person(&ctx, "sam", Role::Supporter).await;
    let change = UpdateTicketInput {
        status: Some("in progress".into()),
        ..Default::default()
    };
    let changed = update_ticket(&ctx, &sam, opened.id, change).await.unwrap().ticket;
    assert_eq!(changed.updated_at, opened.created_at + Duration::hours(3));
    let history = db.store.history(opened.id).await.unwrap();
    assert_eq!(history.last().unwrap().at, opened.created_at + Duration::hours(3));
}

async fn the_system_acts_under_a_reason_history_keeps(db: TestStore) {
    let (ctx, _) = context(&db, "2026-12-01T08:00:00Z").await;
    let (_, rita) = person(&ctx, "rita", Role::Requester).await;
    let (expert, sam) = person(&ctx, "sam", Role::Supporter).await;
    let master = create_ticket(&ctx, &rita, input("Master")).await.unwrap().ticket;
    let slave = create_ticket(&ctx, &rita, input("Slave")).await.unwrap().ticket;
    let link = RelationInput {
        kind: "master-slave".into(),
        target: slave.id.0,
    };
    add_relation(&ctx, &sam, master.id, link).await.unwrap();
    let solve = UpdateTicketInput {
        status: Some("solved".into()),
        qualifier: Some("fixed".into()),
        solution: Some("Restarted the CE.".into()),
        ..Default::default()
    };
    update_ticket(&ctx, &sam, master.id, solve).await.unwrap();
    let slave_history = db.store.history(slave.id).await.unwrap();
    let solved = slave_history
        .iter()
        .find(|h| h.change.field == "status" && h.change.new.as_deref() == Some("solved"));
    let solved = solved.expect("the slave was solved with its master");
    assert_eq!(solved.author.user, None);
    assert_eq!(
        solved.author.reason.as_deref(),
        Some(format!("cascade from ticket #{}", master.number()).as_str())
    );
    let master_history = db.store.history(master.id).await.unwrap();
    assert!(
        master_history
            .iter()
            .any(|h| h.author.user == Some(expert.id) && h.change.field == "status")
    );

    let refused = close_ticket(&ctx, &sam, master.id).await;
    assert!(
        matches!(refused, Err(ServiceError::Forbidden(_))),
        "people do not close tickets"
    );
    close_ticket(
        &ctx,
        &Actor::system("worker: closed 10 working days after the solution"),
        master.id,
    )
    .await
    .unwrap();
    let closed = db.store.history(master.id).await.unwrap();
    let closing = closed
        .iter()
        .find(|h| h.change.field == "status" && h.change.new.as_deref() == Some("closed"));
    let closing = closing.expect("the closure is in the history");
    assert_eq!(
        (closing.author.user, closing.author.reason.as_deref()),
        (None, Some("worker: closed 10 working days after the solution"))
    );
}

guichet_store::backend_tests! {
    use_cases_take_the_time_from_their_clock,
    the_system_acts_under_a_reason_history_keeps,
}
