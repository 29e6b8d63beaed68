//! The actions on the ticket page: each role's forms, what they do, and
//! how a refusal comes back next to its form with the text kept.

use reqwest::StatusCode;

use guichet_domain::role::Role;
use guichet_service::actor_of;
use guichet_service::input::CreateTicketInput;
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::read::{articles, visible_ticket};
use guichet_store::testing::TestStore;

use crate::helpers::*;

async fn submitted(app: &WebApp, requester: &guichet_service::User, subject: &str) -> guichet_domain::ticket::Ticket {
    let input = CreateTicketInput {
        subject: subject.into(),
        description: "Jobs stay queued since this morning.".into(),
        ..Default::default()
    };
    create_ticket(&app.ctx, &actor_of(requester), input)
        .await
        .unwrap()
        .ticket
}

async fn a_ticket_goes_from_submission_to_verification(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let shifter = app.person("shiva", Role::Shifter).await;
    let expert = app.person("nadia", Role::Supporter).await;
    let ticket = submitted(&app, &rita, "Transfers to CERN time out").await;
    let path = format!("/tickets/{}", ticket.number());
    let network = app.org.experts[2];

    let as_shifter = app.signed_in(&shifter).await;
    let page = as_shifter.get(&path).await;
    assert!(page.expect(StatusCode::OK).contains("id=\"route\""), "shifters route");
    let csrf = page.hidden("csrf");
    let routed = as_shifter
        .post(
            &format!("{path}/route"),
            &[("csrf", &csrf), ("unit", &network.to_string()), ("assignee", "")],
        )
        .await;
    assert_eq!(routed.status, StatusCode::SEE_OTHER, "{}", routed.body);
    assert_eq!(routed.location.as_deref(), Some(format!("{path}#route").as_str()));
    let view = visible_ticket(&app.ctx, &actor_of(&shifter), ticket.id).await.unwrap();
    assert_eq!(view.ticket.unit, network);
    let history = as_shifter.get(&path).await;
    assert!(
        history.body.contains("Unit: First-level support → Network"),
        "names, not ids: {}",
        history.body
    );
    let french = as_shifter.get_with(&path, &[("accept-language", "fr")]).await;
    assert!(
        french.body.contains("Statut : new (nouveau) → assigned (attribué)"),
        "{}",
        french.body
    );

    let as_expert = app.signed_in(&expert).await;
    let csrf = as_expert.get(&path).await.hidden("csrf");
    let note = [
        ("csrf", csrf.as_str()),
        ("kind", "internal note"),
        ("body", "The LHCOPN link flaps."),
    ];
    assert_eq!(
        as_expert.post(&format!("{path}/articles"), &note).await.status,
        StatusCode::SEE_OTHER
    );
    let reply = [
        ("csrf", csrf.as_str()),
        ("kind", "public reply"),
        ("body", "We are on it."),
    ];
    assert_eq!(
        as_expert.post(&format!("{path}/articles"), &reply).await.status,
        StatusCode::SEE_OTHER
    );

    let unsolved = [
        ("csrf", csrf.as_str()),
        ("status", "solved"),
        ("qualifier", "fixed"),
        ("solution", ""),
        ("comment", ""),
    ];
    let refused = as_expert.post(&format!("{path}/status"), &unsolved).await;
    let body = refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("id=\"status-error\""),
        "the reason sits next to the status form: {body}"
    );
    let solve = [
        ("csrf", csrf.as_str()),
        ("status", "solved"),
        ("qualifier", "fixed"),
        ("solution", "The link was replaced."),
        ("comment", ""),
    ];
    assert_eq!(
        as_expert.post(&format!("{path}/status"), &solve).await.status,
        StatusCode::SEE_OTHER
    );

    let as_rita = app.signed_in(&rita).await;
    let page = as_rita.get(&path).await;
    let body = page.expect(StatusCode::OK);
    assert!(body.contains("We are on it."), "the reply");
    assert!(body.contains("The link was replaced."), "the solution");
    assert!(body.contains("class=\"article solution\""), "the solution told apart");
    assert!(!body.contains("LHCOPN"), "never the internal note");
    assert!(!body.contains("id=\"route\""), "requesters do not route");
    let csrf = page.hidden("csrf");
    let verify = [
        ("csrf", csrf.as_str()),
        ("status", "verified"),
        ("solution", ""),
        ("comment", ""),
    ];
    assert_eq!(
        as_rita.post(&format!("{path}/status"), &verify).await.status,
        StatusCode::SEE_OTHER
    );
    let view = visible_ticket(&app.ctx, &actor_of(&rita), ticket.id).await.unwrap();
    assert_eq!(view.ticket.status.as_str(), "verified");
    let done = as_rita.get(&path).await;
    assert!(
        !done.expect(StatusCode::OK).contains("id=\"status\""),
        "a verified ticket takes no more actions"
    );
}

async fn actions_outside_a_role_are_refused_and_texts_kept(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let expert = app.person("nadia", Role::Supporter).await;
    let ticket = submitted(&app, &rita, "Proxy renewal fails").await;
    let path = format!("/tickets/{}", ticket.number());

    let as_rita = app.signed_in(&rita).await;
    let page = as_rita.get(&path).await;
    let csrf = page.hidden("csrf");
    assert!(
        !page.body.contains("value=\"internal note\""),
        "no notes for requesters"
    );
    let route = [
        ("csrf", csrf.as_str()),
        ("unit", &app.org.experts[0].to_string()),
        ("assignee", ""),
    ];
    let refused = as_rita.post(&format!("{path}/route"), &route).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    let note = [
        ("csrf", csrf.as_str()),
        ("kind", "internal note"),
        ("body", "sneaky <i>note</i>"),
    ];
    let refused = as_rita.post(&format!("{path}/articles"), &note).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.body.contains("sneaky &#60;i&#62;note&#60;/i&#62;"),
        "the text is kept: {}",
        refused.body
    );
    let view = visible_ticket(&app.ctx, &actor_of(&expert), ticket.id).await.unwrap();
    assert_eq!(view.ticket.unit, ticket.unit, "nothing moved");
    let thread = articles(&app.ctx, &actor_of(&expert), ticket.id).await.unwrap();
    assert!(thread.iter().all(|a| !a.body.contains("sneaky")), "nothing written");

    let empty = [("csrf", csrf.as_str()), ("body", "   ")];
    let refused = as_rita.post(&format!("{path}/articles"), &empty).await;
    assert!(
        refused
            .expect(StatusCode::UNPROCESSABLE_ENTITY)
            .contains("id=\"reply-error\"")
    );
    let forged = [("csrf", "not-the-token"), ("body", "hello")];
    assert_eq!(
        as_rita.post(&format!("{path}/articles"), &forged).await.status,
        StatusCode::FORBIDDEN
    );
}

async fn supporters_relate_and_unrelate_tickets_by_number(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let expert = app.person("nadia", Role::Supporter).await;
    let first = submitted(&app, &rita, "SRM down at GRIF").await;
    let second = submitted(&app, &rita, "Transfers from GRIF fail").await;
    let path = format!("/tickets/{}", first.number());
    let as_expert = app.signed_in(&expert).await;
    let csrf = as_expert.get(&path).await.hidden("csrf");
    let target = format!("#{}", second.number());
    let relate = [
        ("csrf", csrf.as_str()),
        ("kind", "cross-reference"),
        ("target", &target),
    ];
    assert_eq!(
        as_expert.post(&format!("{path}/relations"), &relate).await.status,
        StatusCode::SEE_OTHER
    );
    let page = as_expert.get(&path).await;
    assert!(
        page.expect(StatusCode::OK).contains("Transfers from GRIF fail"),
        "the related ticket is listed"
    );
    let marker = format!("{path}/relations/");
    let start = page.body.find(&marker).unwrap() + marker.len();
    let relation: String = page.body[start..].chars().take_while(char::is_ascii_digit).collect();
    let removed = as_expert
        .post(&format!("{path}/relations/{relation}/remove"), &[("csrf", &csrf)])
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(!as_expert.get(&path).await.body.contains("Transfers from GRIF fail"));

    let nonsense = [("csrf", csrf.as_str()), ("kind", "cross-reference"), ("target", "abc")];
    let french = [("sec-fetch-site", "same-origin"), ("accept-language", "fr")];
    let refused = as_expert
        .post_with(&format!("{path}/relations"), &nonsense, &french)
        .await;
    let body = refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("Indiquez le numéro d’un autre ticket"),
        "in the visitor's language: {body}"
    );
    let own = format!("{}", first.number());
    let itself = [
        ("csrf", csrf.as_str()),
        ("kind", "cross-reference"),
        ("target", own.as_str()),
    ];
    let refused = as_expert
        .post_with(&format!("{path}/relations"), &itself, &french)
        .await;
    assert!(
        refused
            .expect(StatusCode::UNPROCESSABLE_ENTITY)
            .contains("Indiquez le numéro d’un autre ticket")
    );
}

guichet_store::backend_tests! {
    a_ticket_goes_from_submission_to_verification,
    actions_outside_a_role_are_refused_and_texts_kept,
    supporters_relate_and_unrelate_tickets_by_number,
}
