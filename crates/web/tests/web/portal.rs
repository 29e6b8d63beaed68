//! The portal: the landing page's links (knowledge base, submit form,
//! public tickets, and the FAQs, forums and documentation administrators
//! list), the page that manages them, and the public ticket list.

use reqwest::StatusCode;

use guichet_domain::role::Role;
use guichet_service::actor_of;
use guichet_service::input::CreateTicketInput;
use guichet_service::tickets::create::create_ticket;
use guichet_store::testing::TestStore;

use crate::helpers::*;

const FRENCH: &[(&str, &str)] = &[("accept-language", "fr-FR,fr;q=0.9")];

/// The landing page links to the knowledge base, the submit form and the
/// public tickets, and to the links administrators add, in the visitor's
/// language.
async fn the_landing_page_is_the_portal(db: TestStore) {
    let app = WebApp::on(db).await;
    let ada = app.person("ada", Role::Admin).await;
    let admin = app.signed_in(&ada).await;
    let form = admin.get("/admin/portal").await;
    let csrf = form.hidden("csrf");
    let added = admin
        .post(
            "/admin/portal",
            &[
                ("csrf", &csrf),
                ("kind", "forum"),
                ("url", "https://forum.example.org"),
                ("label_en", "User forum"),
                ("label_fr", "Forum des utilisateurs"),
                ("position", "1"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let visitor = app.browser();
    let page = visitor.get("/").await;
    let body = page.expect(StatusCode::OK);
    for link in [
        "href=\"/kb\"",
        "href=\"/tickets/new\"",
        "href=\"/tickets/public\"",
        "href=\"https://forum.example.org\"",
    ] {
        assert!(body.contains(link), "{link} in {body}");
    }
    assert!(body.contains("User forum") && body.contains("Forums"), "{body}");
    let page = visitor.get_with("/", FRENCH).await;
    let body = page.expect(StatusCode::OK);
    assert!(
        body.contains("Forum des utilisateurs") && body.contains("Trouver de l’aide"),
        "{body}"
    );
    let listed = admin.get("/admin/portal").await;
    let body = listed.expect(StatusCode::OK);
    assert!(body.contains("https://forum.example.org"), "{body}");
    let id = body
        .split("/admin/portal/")
        .nth(1)
        .map(|rest| rest.chars().take_while(char::is_ascii_digit).collect::<String>())
        .unwrap();
    let edit = admin.get(&format!("/admin/portal/{id}")).await;
    assert!(edit.expect(StatusCode::OK).contains("value=\"Forum des utilisateurs\""));
    let changed = admin
        .post(
            &format!("/admin/portal/{id}"),
            &[
                ("csrf", &csrf),
                ("kind", "forum"),
                ("url", "https://forum.example.org"),
                ("label_en", "Community forum"),
                ("label_fr", "Forum de la communauté"),
                ("position", "x"),
            ],
        )
        .await;
    assert!(
        changed
            .expect(StatusCode::UNPROCESSABLE_ENTITY)
            .contains("The position is a whole number.")
    );
    let changed = admin
        .post(
            &format!("/admin/portal/{id}"),
            &[
                ("csrf", &csrf),
                ("kind", "forum"),
                ("url", "https://forum.example.org"),
                ("label_en", "Community forum"),
                ("label_fr", "Forum de la communauté"),
                ("position", "1"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    assert!(visitor.get("/").await.body.contains("Community forum"));
    let removed = admin
        .post(&format!("/admin/portal/{id}/delete"), &[("csrf", &csrf)])
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(!visitor.get("/").await.body.contains("forum.example.org"));
}

/// Bad links are shown again with the reason, in the visitor's language;
/// only administrators manage links.
async fn portal_links_are_checked_and_for_admins(db: TestStore) {
    let app = WebApp::on(db).await;
    let ada = app.person("ada", Role::Admin).await;
    let sam = app.person("sam", Role::Supporter).await;
    assert_eq!(
        app.signed_in(&sam).await.get("/admin/portal").await.status,
        StatusCode::FORBIDDEN
    );
    for (lang, message) in [
        (&[][..], "Give an https:// or http:// address"),
        (FRENCH, "Donnez une adresse https:// ou http://"),
    ] {
        let admin = app.signed_in(&ada).await;
        let csrf = admin.get_with("/admin/portal", lang).await.hidden("csrf");
        let mut headers = vec![("sec-fetch-site", "same-origin")];
        headers.extend_from_slice(lang);
        let page = admin
            .post_with(
                "/admin/portal",
                &[
                    ("csrf", &csrf),
                    ("kind", "faq"),
                    ("url", "javascript:alert(1)"),
                    ("label_en", "Kept label"),
                ],
                &headers,
            )
            .await;
        let body = page.expect(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains(message), "{body}");
        assert!(body.contains("value=\"Kept label\""), "{body}");
    }
    let admin = app.signed_in(&ada).await;
    let csrf = admin.get("/admin/portal").await.hidden("csrf");
    let page = admin
        .post(
            "/admin/portal",
            &[
                ("csrf", &csrf),
                ("kind", "faq"),
                ("url", "/kb"),
                ("label_en", ""),
                ("label_fr", ""),
            ],
        )
        .await;
    assert!(page.expect(StatusCode::UNPROCESSABLE_ENTITY).contains("Give a label"));
    let admin_index = admin.get("/admin").await;
    assert!(admin_index.expect(StatusCode::OK).contains("href=\"/admin/portal\""));
}

/// The public tickets are listed for everyone, without signing in; private
/// ones never.
async fn public_tickets_are_listed_for_everyone(db: TestStore) {
    let app = WebApp::on(db).await;
    let rita = app.person("rita", Role::Requester).await;
    for (subject, private) in [("Open for all to read", false), ("Only mine to read", true)] {
        let input = CreateTicketInput {
            subject: subject.into(),
            description: "Details.".into(),
            visibility: private.then(|| "private".into()),
            ..Default::default()
        };
        create_ticket(&app.ctx, &actor_of(&rita), input).await.unwrap();
    }
    for lang in [&[][..], FRENCH] {
        let page = app.browser().get_with("/tickets/public", lang).await;
        let body = page.expect(StatusCode::OK);
        assert!(body.contains("Open for all to read"), "{body}");
        assert!(!body.contains("Only mine to read"), "{body}");
        let title = if lang.is_empty() {
            "Public tickets"
        } else {
            "Tickets publics"
        };
        assert!(body.contains(title), "{body}");
    }
    let signed_in = app.signed_in(&rita).await;
    assert!(
        !signed_in
            .get("/tickets/public")
            .await
            .body
            .contains("Only mine to read")
    );
}

guichet_store::backend_tests! {
    the_landing_page_is_the_portal,
    portal_links_are_checked_and_for_admins,
    public_tickets_are_listed_for_everyone,
}
