//! Similar solved cases on the web: the submit form's preview step
//! (without JavaScript) and its fragment (for the script), and the ticket
//! page, where only supporters see them.

use reqwest::StatusCode;

use guichet_domain::role::Role;
use guichet_domain::ticket::Ticket;
use guichet_service::actor_of;
use guichet_service::input::{CreateTicketInput, UpdateTicketInput};
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::update::update_ticket;
use guichet_store::testing::TestStore;

use crate::helpers::*;

/// A ticket of `submitter`'s, solved by `expert` with `solution`.
async fn solved(
    app: &WebApp,
    submitter: &guichet_service::User,
    expert: &guichet_service::User,
    subject: &str,
    solution: &str,
) -> Ticket {
    let input = CreateTicketInput {
        subject: subject.into(),
        description: "Les nœuds de calcul voient des erreurs <SRM> depuis ce matin.".into(),
        ..Default::default()
    };
    let ticket = create_ticket(&app.ctx, &actor_of(submitter), input)
        .await
        .unwrap()
        .ticket;
    let solve = UpdateTicketInput {
        status: Some("solved".into()),
        qualifier: Some("fixed".into()),
        solution: Some(solution.into()),
        ..UpdateTicketInput::default()
    };
    update_ticket(&app.ctx, &actor_of(expert), ticket.id, solve)
        .await
        .unwrap()
        .ticket
}

/// The preview button shows the solved cases like the draft, with their
/// solutions, keeps the draft and opens no ticket; the fragment the
/// script fetches says the same, in French too.
async fn submit_form_previews_similar_cases_and_keeps_the_draft(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let expert = app.person("expert", Role::Supporter).await;
    let case = solved(
        &app,
        &rita,
        &expert,
        "StoRM frontend refuses SRM requests",
        "Restarted StoRM <frontend>.",
    )
    .await;
    let browser = app.signed_in(&rita).await;
    let form = browser.get("/tickets/new").await;
    let body = form.expect(StatusCode::OK);
    assert!(
        body.contains("id=\"similar-preview\"") && body.contains("/static/similar.js"),
        "{body}"
    );
    let (csrf, submission) = (form.hidden("csrf"), form.hidden("submission"));
    let fields =
        ticket_form(&csrf, &submission, "StoRM refuses my SRM copies", "Since the update.").text("preview", "yes");
    let shown = browser.post_multipart("/tickets/new", fields).await;
    let body = shown.expect(StatusCode::OK);
    assert!(body.contains(&format!("href=\"/tickets/{}\"", case.number())), "{body}");
    assert!(
        body.contains("<strong>Solution:</strong> Restarted StoRM &#60;frontend&#62;."),
        "the solution, escaped: {body}"
    );
    assert!(body.contains("<mark>StoRM</mark>"), "{body}");
    assert!(
        body.contains("value=\"StoRM refuses my SRM copies\""),
        "the draft stays"
    );
    let page = guichet_store::PageRequest { page: 1, per_page: 25 };
    let all = app.db.store.tickets(&Default::default(), page).await.unwrap();
    assert_eq!(all.total, 1, "the preview opened nothing");

    let fragment = browser
        .get("/tickets/similar?subject=StoRM&description=SRM+copies")
        .await;
    let part = fragment.expect(StatusCode::OK);
    assert!(
        part.contains("Similar solved cases") && part.contains(&case.number().to_string()),
        "{part}"
    );
    assert!(!part.contains("<html"), "a fragment, not a page");
    browser.get("/lang/fr?back=/tickets/new").await;
    let part = browser.get("/tickets/similar?subject=StoRM").await;
    assert!(part.expect(StatusCode::OK).contains("Cas résolus semblables"));
    let nothing = browser.get("/tickets/similar?subject=zzzunheardof").await;
    assert!(nothing.expect(StatusCode::OK).contains("Aucun cas résolu semblable"));
    let empty = browser.get("/tickets/similar?subject=&description=").await;
    assert_eq!(empty.expect(StatusCode::OK).trim(), "", "nothing asked, nothing said");
    let stranger = app.browser().get("/tickets/similar?subject=StoRM").await;
    assert!(
        !stranger.expect(StatusCode::OK).contains("/tickets/"),
        "not signed in: nothing"
    );
}

/// A supporter reading a ticket sees the solved cases like it (never the
/// ticket itself); its requester does not.
async fn ticket_page_shows_similar_cases_to_supporters(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    let expert = app.person("expert", Role::Supporter).await;
    let case = solved(
        &app,
        &rita,
        &expert,
        "dCache pool offline at GRIF",
        "Remounted the pool's disk.",
    )
    .await;
    let input = CreateTicketInput {
        subject: "dCache pool offline again".into(),
        description: "Same pool, same symptoms.".into(),
        ..Default::default()
    };
    let open = create_ticket(&app.ctx, &actor_of(&rita), input).await.unwrap().ticket;
    let supporter = app.signed_in(&expert).await;
    let page = supporter.get(&format!("/tickets/{}", open.number())).await;
    let body = page.expect(StatusCode::OK);
    assert!(body.contains("Similar solved cases"), "{body}");
    assert!(body.contains(&format!("href=\"/tickets/{}\"", case.number())));
    assert!(
        body.contains("<strong>Solution:</strong> Remounted the pool&#39;s disk."),
        "{body}"
    );
    let itself = supporter.get(&format!("/tickets/{}", case.number())).await;
    let body = itself.expect(StatusCode::OK);
    assert!(
        !body.contains(&format!("href=\"/tickets/{}\"", case.number())),
        "not itself as a case"
    );
    let requester = app.signed_in(&rita).await;
    let page = requester.get(&format!("/tickets/{}", open.number())).await;
    assert!(!page.expect(StatusCode::OK).contains("Similar solved cases"));
}

/// An mbox of 2011: a thread where Samir asks about a CREAM CE and Ines
/// answers with the fix.
const OLD_THREAD: &[u8] = b"From samir@lal.example Tue Mar  8 09:00:00 2011\n\
From: Samir <samir@lal.example>\n\
Subject: CREAM CE leaves jobs in REALLY-RUNNING\n\
Date: Tue, 08 Mar 2011 09:00:00 +0000\n\
Message-ID: <s1@lal.example>\n\
\n\
Our cream01 shows jobs stuck in REALLY-RUNNING after the blah parser restart.\n\
\n\
From ines@ngi.example Tue Mar  8 14:00:00 2011\n\
From: Ines <ines@ngi.example>\n\
Subject: Re: CREAM CE leaves jobs in REALLY-RUNNING\n\
Date: Tue, 08 Mar 2011 14:00:00 +0000\n\
Message-ID: <i1@ngi.example>\n\
In-Reply-To: <s1@lal.example>\n\
\n\
Purge the BLAH registry and restart blparser; the jobs finish.\n";

/// A newcomer writing about the same trouble years later is shown the
/// imported mailing-list thread, with its last reply as the solution.
async fn submit_form_suggests_an_imported_mailing_list_thread(db: TestStore) {
    let app = WebApp::on(db).await;
    let archive = guichet_mail::archive::mbox::mbox_bytes(OLD_THREAD, "ops.mbox");
    let options = guichet_service::import::ImportOptions::default();
    let report = guichet_service::import::import(&app.ctx, archive.mails, options, &|_| {})
        .await
        .unwrap();
    assert_eq!(report.tickets, 1, "{report:?}");
    let newcomer = app.person("newcomer", Role::Requester).await;
    let browser = app.signed_in(&newcomer).await;
    let form = browser.get("/tickets/new").await;
    form.expect(StatusCode::OK);
    let (csrf, submission) = (form.hidden("csrf"), form.hidden("submission"));
    let fields = ticket_form(
        &csrf,
        &submission,
        "Jobs stuck REALLY-RUNNING on our CREAM",
        "The blparser was restarted and jobs never finish.",
    )
    .text("preview", "yes");
    let body = browser.post_multipart("/tickets/new", fields).await;
    let body = body.expect(StatusCode::OK);
    assert!(body.contains("<mark>CREAM</mark> CE leaves"), "the old thread: {body}");
    assert!(
        body.contains("Purge the BLAH registry and restart blparser"),
        "its solution: {body}"
    );
    let part = browser.get("/tickets/similar?subject=REALLY-RUNNING+CREAM").await;
    assert!(part.expect(StatusCode::OK).contains("Purge the BLAH registry"));
}

guichet_store::backend_tests! {
    submit_form_suggests_an_imported_mailing_list_thread,
    submit_form_previews_similar_cases_and_keeps_the_draft,
    ticket_page_shows_similar_cases_to_supporters,
}
