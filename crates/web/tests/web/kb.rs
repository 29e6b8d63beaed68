//! The knowledge-base pages: answers in the visitor's language with a
//! fallback, Markdown rendered safely, internal answers kept from
//! requesters and visitors, the forms shown again on bad input, promotion
//! of a solved ticket's solution, and citations on the ticket page.

use reqwest::StatusCode;

use guichet_domain::role::Role;
use guichet_service::actor_of;
use guichet_service::input::{CreateTicketInput, UpdateTicketInput};
use guichet_service::knowledge::create::create_answer;
use guichet_service::knowledge::{Answer, AnswerBody};
use guichet_service::tickets::create::create_ticket;
use guichet_service::tickets::update::update_ticket;
use guichet_store::testing::TestStore;

use crate::helpers::*;

const FRENCH: &[(&str, &str)] = &[("accept-language", "fr-FR,fr;q=0.9")];

async fn write(app: &WebApp, who: &guichet_service::User, body: AnswerBody) -> Answer {
    create_answer(&app.ctx, &actor_of(who), &body).await.unwrap()
}

fn bilingual(en: &str, fr: &str, visibility: &str) -> AnswerBody {
    AnswerBody {
        title_en: en.into(),
        body_en: format!("Run **{en}** <script>alert(1)</script> and see [the docs](https://docs.example.org)."),
        title_fr: fr.into(),
        body_fr: format!("Lancez **{fr}**."),
        visibility: Some(visibility.into()),
        ..AnswerBody::default()
    }
}

/// Answers show in the visitor's language, in the other one when theirs
/// is missing; their Markdown is rendered, scripts stripped, links kept.
async fn answers_show_in_the_visitors_language(db: TestStore) {
    let app = WebApp::on(db).await;
    let sam = app.person("sam", Role::Supporter).await;
    let both = write(&app, &sam, bilingual("Proxy expired", "Proxy expiré", "public")).await;
    let english_only = AnswerBody {
        title_fr: String::new(),
        body_fr: String::new(),
        ..bilingual("Queue stuck", "", "public")
    };
    let english_only = write(&app, &sam, english_only).await;
    let visitor = app.browser();
    let list = visitor.get("/kb").await;
    let body = list.expect(StatusCode::OK);
    assert!(body.contains("Proxy expired") && body.contains("Queue stuck"), "{body}");
    let list = visitor.get_with("/kb", FRENCH).await;
    let body = list.expect(StatusCode::OK);
    assert!(
        body.contains("Base de connaissances") && body.contains("Proxy expiré"),
        "{body}"
    );
    assert!(body.contains("Queue stuck"), "the English title stands in: {body}");

    let page = visitor.get(&format!("/kb/{}", both.id.0)).await;
    let body = page.expect(StatusCode::OK);
    assert!(body.contains("<strong>Proxy expired</strong>"), "{body}");
    assert!(!body.contains("<script>alert"), "{body}");
    assert!(
        body.contains(r#"<a href="https://docs.example.org" rel="noopener noreferrer nofollow">the docs</a>"#),
        "{body}"
    );
    let page = visitor.get_with(&format!("/kb/{}", both.id.0), FRENCH).await;
    assert!(page.expect(StatusCode::OK).contains("<strong>Proxy expiré</strong>"));
    let page = visitor.get_with(&format!("/kb/{}", english_only.id.0), FRENCH).await;
    let body = page.expect(StatusCode::OK);
    assert!(body.contains("pas encore de version française"), "{body}");
    assert!(body.contains("<strong>Queue stuck</strong>"), "{body}");
    assert_eq!(visitor.get("/kb/99999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(visitor.get("/kb/abc").await.status, StatusCode::NOT_FOUND);
}

/// Internal answers are never listed, shown or found for requesters and
/// visitors; supporters see them.
async fn internal_answers_never_reach_requesters_or_visitors(db: TestStore) {
    let app = WebApp::on(db).await;
    let sam = app.person("sam", Role::Supporter).await;
    let rita = app.person("rita", Role::Requester).await;
    let public = write(
        &app,
        &sam,
        bilingual("Gridftp public fix", "Correctif public", "public"),
    )
    .await;
    let internal = write(
        &app,
        &sam,
        bilingual("Gridftp secret runbook", "Procédure secrète", "internal"),
    )
    .await;
    let internal_path = format!("/kb/{}", internal.id.0);
    for browser in [app.browser(), app.signed_in(&rita).await] {
        let body = browser.get("/kb").await.expect(StatusCode::OK).to_owned();
        assert!(body.contains("Gridftp public fix"), "{body}");
        assert!(!body.contains("secret"), "{body}");
        assert_eq!(browser.get(&internal_path).await.status, StatusCode::NOT_FOUND);
        let found = browser.get("/search?q=gridftp").await;
        let found = found.expect(StatusCode::OK);
        assert!(found.contains(&format!("href=\"/kb/{}\"", public.id.0)), "{found}");
        assert!(!found.contains("secret"), "{found}");
    }
    let supporter = app.signed_in(&sam).await;
    let body = supporter.get("/kb").await.expect(StatusCode::OK).to_owned();
    assert!(
        body.contains("Gridftp secret runbook") && body.contains("Internal"),
        "{body}"
    );
    assert_eq!(supporter.get(&internal_path).await.status, StatusCode::OK);
    let found = supporter.get("/search?q=runbook").await;
    assert!(
        found
            .expect(StatusCode::OK)
            .contains(&format!("href=\"/kb/{}\"", internal.id.0))
    );
}

/// Supporters write answers; bad input shows the form again with the
/// message and what was typed; requesters may not write.
async fn the_answer_form_shows_its_errors_again(db: TestStore) {
    let app = WebApp::on(db).await;
    let sam = app.person("sam", Role::Supporter).await;
    let rita = app.person("rita", Role::Requester).await;
    let requester = app.signed_in(&rita).await;
    assert_eq!(requester.get("/kb/new").await.status, StatusCode::FORBIDDEN);
    let csrf = requester.get("/kb").await.hidden("csrf");
    let refused = requester
        .post("/kb/new", &[("csrf", &csrf), ("title_en", "Mine"), ("body_en", "Text")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.browser().get("/kb/new").await.status,
        StatusCode::SEE_OTHER,
        "sign in first"
    );

    for lang in [&[][..], FRENCH] {
        let supporter = app.signed_in(&sam).await;
        let form = supporter.get_with("/kb/new", lang).await;
        let csrf = form.hidden("csrf");
        let mut headers = vec![("sec-fetch-site", "same-origin")];
        headers.extend_from_slice(lang);
        let page = supporter
            .post_with(
                "/kb/new",
                &[
                    ("csrf", &csrf),
                    ("title_en", " "),
                    ("body_en", "Kept text"),
                    ("visibility", "public"),
                ],
                &headers,
            )
            .await;
        let body = page.expect(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("Kept text"), "{body}");
        let message = if lang.is_empty() {
            "Give a title in English, in French or both."
        } else {
            "Donnez un titre en anglais, en français ou les deux."
        };
        assert!(body.contains(message), "{body}");
        let page = supporter
            .post(
                "/kb/new",
                &[
                    ("csrf", &csrf),
                    ("title_en", "T"),
                    ("body_en", ""),
                    ("visibility", "public"),
                ],
            )
            .await;
        let body = page.expect(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("id=\"body_en-error\""), "{body}");
    }
    let supporter = app.signed_in(&sam).await;
    let csrf = supporter.get("/kb/new").await.hidden("csrf");
    let forged = supporter
        .post("/kb/new", &[("csrf", "forged"), ("title_en", "T"), ("body_en", "B")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let saved = supporter
        .post(
            "/kb/new",
            &[
                ("csrf", &csrf),
                ("title_en", "Fresh answer"),
                ("body_en", "Body"),
                ("visibility", "internal"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let location = saved.location.unwrap();
    let shown = supporter.get(&location).await;
    assert!(shown.expect(StatusCode::OK).contains("Fresh answer"));
    let edit = supporter
        .post(
            &format!("{location}/edit"),
            &[
                ("csrf", &csrf),
                ("title_en", "Renamed answer"),
                ("body_en", "Body"),
                ("visibility", "public"),
            ],
        )
        .await;
    assert_eq!(edit.status, StatusCode::SEE_OTHER);
    assert!(
        app.browser()
            .get(&location)
            .await
            .expect(StatusCode::OK)
            .contains("Renamed answer")
    );
    let deleted = supporter.post(&format!("{location}/delete"), &[("csrf", &csrf)]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_eq!(supporter.get(&location).await.status, StatusCode::NOT_FOUND);
}

/// A solved ticket offers supporters to promote its solution: the form
/// comes prefilled, and the saved answer is cited by the ticket.
async fn a_solved_ticket_is_promoted_and_cites_its_answer(db: TestStore) {
    let app = WebApp::on(db).await;
    let sam = app.person("sam", Role::Supporter).await;
    let rita = app.person("rita", Role::Requester).await;
    let input = CreateTicketInput {
        subject: "Jobs stay queued".into(),
        description: "Since this morning.".into(),
        ..Default::default()
    };
    let ticket = create_ticket(&app.ctx, &actor_of(&rita), input).await.unwrap().ticket;
    let path = format!("/tickets/{}", ticket.number());
    let supporter = app.signed_in(&sam).await;
    let page = supporter.get(&path).await;
    assert!(
        !page.expect(StatusCode::OK).contains("Promote this solution"),
        "not solved yet"
    );
    let solve = UpdateTicketInput {
        status: Some("solved".into()),
        qualifier: Some("fixed".into()),
        solution: Some("Drain the queue with qmgr.".into()),
        ..UpdateTicketInput::default()
    };
    update_ticket(&app.ctx, &actor_of(&sam), ticket.id, solve)
        .await
        .unwrap();
    let page = supporter.get(&path).await;
    let promote = format!("/kb/new?from_ticket={}", ticket.number());
    assert!(page.expect(StatusCode::OK).contains(&promote), "{}", page.body);
    let requester = app.signed_in(&rita).await;
    assert!(!requester.get(&path).await.body.contains(&promote));
    assert_eq!(requester.get(&promote).await.status, StatusCode::FORBIDDEN);

    let form = supporter.get(&promote).await;
    let body = form.expect(StatusCode::OK);
    assert!(body.contains("value=\"Jobs stay queued\""), "{body}");
    assert!(body.contains("Drain the queue with qmgr."), "{body}");
    let csrf = form.hidden("csrf");
    let number = ticket.number().to_string();
    let saved = supporter
        .post(
            "/kb/new",
            &[
                ("csrf", &csrf),
                ("from_ticket", &number),
                ("title_en", "Jobs stay queued"),
                ("body_en", "Drain the queue with qmgr."),
                ("visibility", "public"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let answer = saved.location.unwrap();
    let shown = app.browser().get(&answer).await;
    let body = shown.expect(StatusCode::OK);
    assert!(
        body.contains(&format!("href=\"/tickets/{number}\"")),
        "the ticket cites it: {body}"
    );
    let ticket_page = supporter.get(&path).await;
    assert!(
        ticket_page
            .expect(StatusCode::OK)
            .contains(&format!("href=\"{answer}\""))
    );
}

/// Supporters cite answers and portal links on the ticket page and
/// remove them; requesters see the public ones but get no form.
async fn supporters_cite_answers_on_the_ticket_page(db: TestStore) {
    let app = WebApp::on(db).await;
    let sam = app.person("sam", Role::Supporter).await;
    let rita = app.person("rita", Role::Requester).await;
    let faq = write(&app, &sam, bilingual("Proxy expired", "Proxy expiré", "public")).await;
    let internal = write(&app, &sam, bilingual("Hidden runbook", "Procédure", "internal")).await;
    let input = CreateTicketInput {
        subject: "My proxy".into(),
        description: "It fails.".into(),
        ..Default::default()
    };
    let ticket = create_ticket(&app.ctx, &actor_of(&rita), input).await.unwrap().ticket;
    let path = format!("/tickets/{}", ticket.number());
    let supporter = app.signed_in(&sam).await;
    let page = supporter.get(&path).await;
    let csrf = page.hidden("csrf");
    assert!(
        page.body.contains(&format!("value=\"answer:{}\"", faq.id.0)),
        "{}",
        page.body
    );
    for answer in [&faq, &internal] {
        let target = format!("answer:{}", answer.id.0);
        let cited = supporter
            .post(&format!("{path}/citations"), &[("csrf", &csrf), ("target", &target)])
            .await;
        assert_eq!(cited.status, StatusCode::SEE_OTHER, "{}", cited.body);
    }
    let bad = supporter
        .post(&format!("{path}/citations"), &[("csrf", &csrf), ("target", "nonsense")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let requester = app.signed_in(&rita).await;
    let seen = requester.get(&path).await;
    let body = seen.expect(StatusCode::OK);
    assert!(body.contains(&format!("href=\"/kb/{}\"", faq.id.0)), "{body}");
    assert!(!body.contains("Hidden runbook"), "{body}");
    assert!(!body.contains("/citations/remove"), "{body}");
    let removed = supporter
        .post(
            &format!("{path}/citations/remove"),
            &[("csrf", &csrf), ("target", &format!("answer:{}", faq.id.0))],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(
        !requester
            .get(&path)
            .await
            .body
            .contains(&format!("href=\"/kb/{}\"", faq.id.0))
    );
}

/// Supporters add, rename and delete categories; a category without a
/// name is refused with the form shown again, in the visitor's language;
/// requesters may not manage them.
async fn supporters_manage_the_categories(db: TestStore) {
    let app = WebApp::on(db).await;
    let sam = app.person("sam", Role::Supporter).await;
    let rita = app.person("rita", Role::Requester).await;
    let requester = app.signed_in(&rita).await;
    assert_eq!(requester.get("/kb/categories").await.status, StatusCode::FORBIDDEN);
    let csrf = requester.get("/kb").await.hidden("csrf");
    let refused = requester
        .post("/kb/categories", &[("csrf", &csrf), ("name_en", "Mine")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let supporter = app.signed_in(&sam).await;
    let list = supporter.get("/kb").await;
    let list = list.expect(StatusCode::OK);
    assert!(list.contains(r#"href="/kb/categories""#), "{list}");
    let csrf = supporter.get("/kb/categories").await.hidden("csrf");
    let added = supporter
        .post(
            "/kb/categories",
            &[("csrf", &csrf), ("name_en", "Storage"), ("name_fr", "")],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert_eq!(added.location.as_deref(), Some("/kb/categories?done=created"));
    let categories = guichet_service::knowledge::categories::list_categories(&app.ctx)
        .await
        .unwrap();
    let [storage] = categories.as_slice() else {
        panic!("one category: {categories:?}")
    };
    let path = format!("/kb/categories/{}", storage.id.0);
    let form = supporter.get(&path).await;
    let form = form.expect(StatusCode::OK);
    assert!(form.contains(r#"value="Storage""#), "{form}");

    let mut headers = vec![("sec-fetch-site", "same-origin")];
    headers.extend_from_slice(FRENCH);
    let again = supporter
        .post_with(&path, &[("csrf", &csrf), ("name_en", " "), ("name_fr", "")], &headers)
        .await;
    let body = again.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Donnez un nom à la catégorie"), "{body}");
    let renamed = supporter
        .post(
            &path,
            &[
                ("csrf", &csrf),
                ("name_en", "Disk storage"),
                ("name_fr", "Stockage disque"),
            ],
        )
        .await;
    assert_eq!(renamed.location.as_deref(), Some("/kb/categories?done=saved"));
    let list = supporter.get("/kb/categories?done=saved").await;
    let list = list.expect(StatusCode::OK);
    assert!(
        list.contains("Disk storage") && list.contains("Stockage disque"),
        "{list}"
    );
    assert!(list.contains("Changes saved."), "{list}");
    assert_eq!(
        supporter.get("/kb/categories/99999").await.status,
        StatusCode::NOT_FOUND
    );

    let deleted = supporter.post(&format!("{path}/delete"), &[("csrf", &csrf)]).await;
    assert_eq!(deleted.location.as_deref(), Some("/kb/categories?done=deleted"));
    let left = guichet_service::knowledge::categories::list_categories(&app.ctx)
        .await
        .unwrap();
    assert!(left.is_empty(), "{left:?}");
}

/// A unit's FAQ lists that unit's answers only.
async fn a_unit_has_its_own_faq(db: TestStore) {
    let app = WebApp::on(db).await;
    let sam = app.person("sam", Role::Supporter).await;
    let unit = app.org.first_level;
    let in_faq = AnswerBody {
        unit: Some(unit),
        ..bilingual("First-level answer", "Réponse du premier niveau", "public")
    };
    write(&app, &sam, in_faq).await;
    write(&app, &sam, bilingual("Elsewhere", "Ailleurs", "public")).await;
    let visitor = app.browser();
    for path in [format!("/units/{}/faq", unit.0), format!("/kb?unit={}", unit.0)] {
        let page = visitor.get(&path).await;
        let body = page.expect(StatusCode::OK);
        assert!(
            body.contains("First-level answer") && !body.contains("Elsewhere"),
            "{body}"
        );
    }
    assert_eq!(visitor.get("/units/99999/faq").await.status, StatusCode::NOT_FOUND);
}

guichet_store::backend_tests! {
    answers_show_in_the_visitors_language,
    internal_answers_never_reach_requesters_or_visitors,
    the_answer_form_shows_its_errors_again,
    a_solved_ticket_is_promoted_and_cites_its_answer,
    supporters_cite_answers_on_the_ticket_page,
    a_unit_has_its_own_faq,
    supporters_manage_the_categories,
}
