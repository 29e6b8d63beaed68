//! The frame of every page in the browser: the language switcher, and the
//! 404 a requester gets for another person's private ticket. Pages do not
//! depend on the backend, so these run on SQLite only.

use guichet_domain::role::Role;
use guichet_service::actor_of;
use guichet_service::input::CreateTicketInput;
use guichet_service::tickets::create::create_ticket;

use crate::axe;
use crate::harness::run;
use crate::site::{Site, sqlite};

#[tokio::test]
async fn the_switcher_turns_the_pages_french() {
    let site = Site::on(sqlite().await).await;
    run("language", &site.base, async |browser| {
        browser.visit("/").await;
        assert_eq!(browser.lang().await, "en");
        assert!(browser.text("h1").await.contains("Operations support"));
        browser.follow(".languages a[lang=fr]").await;
        assert_eq!(browser.lang().await, "fr", "<html lang=\"fr\">");
        assert_eq!(browser.text("h1").await, "Le support aux opérations, ticket par ticket");
        assert_eq!(browser.text(".languages [aria-current]").await, "Français");
        browser.follow("header a[href='/sign-in']").await;
        assert_eq!(browser.lang().await, "fr", "the choice stays");
        assert_eq!(browser.text("h1").await, "Connexion");
        browser.follow(".languages a[lang=en]").await;
        assert_eq!(browser.lang().await, "en");
        assert_eq!(browser.path().await, "/sign-in", "back to the same page");
    })
    .await;
}

#[tokio::test]
async fn another_persons_private_ticket_is_not_found() {
    let site = Site::on(sqlite().await).await;
    let rita = site.person("rita.moreau", "Rita Moreau", Role::Requester).await;
    let remi = site.person("remi.laurent", "Rémi Laurent", Role::Requester).await;
    let input = CreateTicketInput {
        subject: "Renewal of my private grid certificate".into(),
        description: "My certificate expires on Friday.".into(),
        visibility: Some("private".into()),
        ..Default::default()
    };
    let private = create_ticket(&site.ctx, &actor_of(&rita), input).await.unwrap().ticket;
    run("not-found", &site.base, async |browser| {
        browser.visit("/").await;
        browser.sign_in(&remi).await;
        browser.go_to(&private.number().to_string()).await;
        assert_eq!(browser.text("h1").await, "Page not found");
        assert!(
            !browser.text("main").await.contains("certificate"),
            "nothing of the ticket"
        );
        axe::check(browser, "404").await;
    })
    .await;
}
