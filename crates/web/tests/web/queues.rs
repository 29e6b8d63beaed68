//! The queues: first-level support's unrouted tickets, each unit's open
//! ones, in the order asked; for supporters only.

use reqwest::StatusCode;

use guichet_domain::role::Role;
use guichet_service::actor_of;
use guichet_service::input::{CreateTicketInput, UpdateTicketInput};
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::update::update_ticket;
use guichet_store::testing::TestStore;

use crate::helpers::*;

/// The subjects of a list page's rows, in order.
fn subjects(body: &str, among: &[&str]) -> Vec<String> {
    let mut found: Vec<(usize, String)> = among
        .iter()
        .filter_map(|s| body.find(&format!(">{s}</a>")).map(|at| (at, (*s).to_owned())))
        .collect();
    found.sort();
    found.into_iter().map(|(_, s)| s).collect()
}

async fn queues_hold_what_each_unit_has_to_deal_with(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let shifter = app.person("shiva", Role::Shifter).await;
    let mut tickets = Vec::new();
    for subject in ["first", "second", "third"] {
        let input = CreateTicketInput {
            subject: subject.into(),
            description: "x".into(),
            ..Default::default()
        };
        tickets.push(create_ticket(&app.ctx, &actor_of(&rita), input).await.unwrap().ticket);
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let network = app.org.experts[2];
    let routed = UpdateTicketInput {
        unit: Some(network),
        ..Default::default()
    };
    update_ticket(&app.ctx, &actor_of(&shifter), tickets[1].id, routed)
        .await
        .unwrap();
    let touched = UpdateTicketInput {
        status: Some("in progress".into()),
        ..Default::default()
    };
    update_ticket(&app.ctx, &actor_of(&shifter), tickets[0].id, touched)
        .await
        .unwrap();

    let browser = app.signed_in(&shifter).await;
    let index = browser.get("/queues").await;
    assert!(
        index
            .expect(StatusCode::OK)
            .contains(&format!("href=\"/queues/{network}\""))
    );
    let first_level = browser.get("/queues/first-level").await;
    let body = first_level.expect(StatusCode::OK);
    assert_eq!(
        subjects(body, &["first", "second", "third"]),
        ["first", "third"],
        "unrouted, oldest first"
    );
    assert!(body.contains("2 tickets"), "the total");
    let changed = browser.get("/queues/first-level?order=changed").await;
    assert_eq!(
        subjects(&changed.body, &["first", "third"]),
        ["first", "third"],
        "first changed last"
    );
    let unchanged = browser.get("/queues/first-level?order=unchanged").await;
    assert_eq!(subjects(&unchanged.body, &["first", "third"]), ["third", "first"]);
    let newest = browser.get("/queues/first-level?order=newest").await;
    assert_eq!(subjects(&newest.body, &["first", "third"]), ["third", "first"]);
    let one_status = browser.get("/queues/first-level?status=in+progress").await;
    assert_eq!(subjects(&one_status.body, &["first", "third"]), ["first"]);
    assert!(
        one_status.body.contains("<option value=\"in progress\" selected>"),
        "the choice is kept"
    );
    let expert_queue = browser.get(&format!("/queues/{network}")).await;
    assert!(expert_queue.expect(StatusCode::OK).contains("Queue of Network"));
    assert_eq!(subjects(&expert_queue.body, &["first", "second", "third"]), ["second"]);
    let french = browser
        .get_with("/queues/first-level", &[("accept-language", "fr")])
        .await;
    assert!(french.body.contains("File du premier niveau") && french.body.contains("2 tickets"));
    assert_eq!(browser.get("/queues/999999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(browser.get("/queues/abc").await.status, StatusCode::NOT_FOUND);
}

/// Queues and ticket pages show each ticket's colour in the visitor's
/// language: green when fresh, red for one the unit got weeks ago.
async fn queues_and_tickets_show_their_colour(db: TestStore) {
    use guichet_store::{ChangeSet, TicketWrite};
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let shifter = app.person("shiva", Role::Shifter).await;
    let input = |subject: &str| CreateTicketInput {
        subject: subject.into(),
        description: "x".into(),
        ..Default::default()
    };
    create_ticket(&app.ctx, &actor_of(&rita), input("fresh")).await.unwrap();
    let old = create_ticket(&app.ctx, &actor_of(&rita), input("old"))
        .await
        .unwrap()
        .ticket;
    let weeks_ago = old.created_at - chrono::Duration::weeks(3);
    let after = guichet_domain::ticket::Ticket {
        assigned_at: weeks_ago,
        status_changed_at: weeks_ago,
        ..old.clone()
    };
    let set = ChangeSet {
        tickets: vec![TicketWrite {
            before: old.clone(),
            after,
        }],
        ..guichet_store::conformance::change()
    };
    app.db.store.commit(set).await.unwrap();
    let browser = app.signed_in(&shifter).await;
    let answer = browser.get("/queues/first-level").await;
    let queue = answer.expect(StatusCode::OK);
    assert!(queue.contains("<span class=\"colour green\">green</span>"), "{queue}");
    assert!(queue.contains("<span class=\"colour red\">red</span>"), "{queue}");
    let answer = browser.get(&format!("/tickets/{}", old.number())).await;
    let page = answer.expect(StatusCode::OK);
    assert!(page.contains("class=\"colour red\""), "{page}");
}

async fn queues_are_for_supporters(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let browser = app.signed_in(&rita).await;
    assert!(
        !browser.get("/tickets/mine").await.body.contains("href=\"/queues\""),
        "no link"
    );
    assert_eq!(browser.get("/queues").await.status, StatusCode::FORBIDDEN);
    assert_eq!(browser.get("/queues/first-level").await.status, StatusCode::FORBIDDEN);
    let anonymous = app.browser().get("/queues/first-level").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
}

async fn long_queues_page_and_keep_their_order(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let shifter = app.person("shiva", Role::Shifter).await;
    for i in 0..51 {
        let input = CreateTicketInput {
            subject: format!("ticket {i:02}"),
            description: "x".into(),
            ..Default::default()
        };
        create_ticket(&app.ctx, &actor_of(&rita), input).await.unwrap();
    }
    let browser = app.signed_in(&shifter).await;
    let first = browser.get("/queues/first-level?order=newest").await;
    assert!(first.expect(StatusCode::OK).contains("51 tickets"));
    assert!(first.body.contains(">ticket 50</a>") && !first.body.contains(">ticket 00</a>"));
    assert!(
        first
            .body
            .contains("href=\"/queues/first-level?order=newest&#38;page=2\""),
        "{}",
        first.body
    );
    let second = browser.get("/queues/first-level?order=newest&page=2").await;
    assert!(second.body.contains(">ticket 00</a>") && !second.body.contains(">ticket 50</a>"));
}

guichet_store::backend_tests! {
    queues_and_tickets_show_their_colour,
    queues_hold_what_each_unit_has_to_deal_with,
    queues_are_for_supporters,
    long_queues_page_and_keep_their_order,
}
