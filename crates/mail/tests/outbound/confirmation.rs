//! "Is your problem solved?": the submitter's verify and reopen links in
//! the mail that tells them of an answer, and nobody else's.

use chrono::{DateTime, Utc};

use guichet_domain::notify::{ChangeSummary, Reason, Recipient, Side};
use guichet_domain::preferences::Language;
use guichet_mail::outbound::render;
use guichet_service::tickets::confirm::ConfirmationLinks;

use crate::fixtures::{Parsed, notice, recipient, settings};

fn solved_notice(verify: bool) -> guichet_service::mail::notices::Notice {
    let until: DateTime<Utc> = "2026-12-15T14:05:00Z".parse().unwrap();
    guichet_service::mail::notices::Notice {
        summary: ChangeSummary {
            solved: true,
            ..ChangeSummary::default()
        },
        confirmation: Some(ConfirmationLinks {
            verify: verify.then(|| "aa11".to_owned()),
            reopen: "bb22".to_owned(),
            valid_until: until,
        }),
        ..notice()
    }
}

fn to(side: Side, reason: Reason) -> Recipient {
    Recipient {
        reasons: vec![reason],
        ..recipient("rita@example.org", side)
    }
}

fn mail(notice: &guichet_service::mail::notices::Notice, recipient: &Recipient, language: Language) -> Parsed {
    Parsed::of(&render(&settings(), notice, recipient, language).unwrap())
}

#[test]
fn the_submitter_gets_both_links_and_their_validity() {
    let parsed = mail(
        &solved_notice(true),
        &to(Side::Requester, Reason::Submitter),
        Language::En,
    );
    let base = settings().public_url.trim_end_matches('/').to_owned();
    assert!(parsed.text.contains("Is your problem solved?"), "{}", parsed.text);
    assert!(
        parsed
            .text
            .contains(&format!("Yes, it is solved: <{base}/confirm/aa11>")),
        "{}",
        parsed.text
    );
    assert!(
        parsed
            .text
            .contains(&format!("No, reopen the ticket: <{base}/confirm/bb22>"))
    );
    assert!(parsed.text.contains("until 2026-12-15 14:05 UTC"), "{}", parsed.text);
    assert!(
        parsed
            .html
            .contains(&format!("<a href=\"{base}/confirm/aa11\">Yes, it is solved</a>")),
        "{}",
        parsed.html
    );
    let french = mail(
        &solved_notice(true),
        &to(Side::Requester, Reason::Submitter),
        Language::Fr,
    );
    assert!(
        french.text.contains("Votre problème est-il résolu ?"),
        "{}",
        french.text
    );
    assert!(french.text.contains("/confirm/bb22"), "{}", french.text);
}

#[test]
fn an_unsolved_answer_offers_only_reopening() {
    let parsed = mail(
        &solved_notice(false),
        &to(Side::Requester, Reason::Submitter),
        Language::En,
    );
    assert!(parsed.text.contains("/confirm/bb22"), "{}", parsed.text);
    assert!(!parsed.text.contains("Yes, it is solved"), "{}", parsed.text);
}

#[test]
fn only_the_submitter_gets_the_links() {
    let others = [
        to(Side::Requester, Reason::Cc),
        to(Side::Requester, Reason::Subscriber),
        to(Side::Supporter, Reason::Unit),
        to(Side::Supporter, Reason::Submitter),
    ];
    for recipient in others {
        let parsed = mail(&solved_notice(true), &recipient, Language::En);
        assert!(
            !parsed.raw.contains("/confirm/"),
            "{:?}: {}",
            recipient.reasons,
            parsed.text
        );
        assert!(!parsed.text.contains("Is your problem solved?"));
    }
    let no_links = mail(&notice(), &to(Side::Requester, Reason::Submitter), Language::En);
    assert!(
        !no_links.text.contains("Is your problem solved?"),
        "only with an answer"
    );
}

/// From a solution to the outbox: the submitter's mail carries links that
/// work, the copy's does not.
async fn the_solution_mail_carries_working_links(db: guichet_store::testing::TestStore) {
    use guichet_domain::role::Role;
    use guichet_domain::status::Status;
    use guichet_service::admin::users::{UserInput, add_user};
    use guichet_service::bootstrap::{FirstLevelSettings, ensure_first_level_unit};
    use guichet_service::input::{CreateTicketInput, UpdateTicketInput};
    use guichet_service::mail::outbox;
    use guichet_service::tickets::confirm::redeem;
    use guichet_service::tickets::create::create_ticket;
    use guichet_service::tickets::update::update_ticket;
    use guichet_service::{Actor, Context, actor_of};

    let ctx = Context::with_system_clock(db.store.clone());
    ensure_first_level_unit(&ctx, &FirstLevelSettings::default())
        .await
        .unwrap();
    let user = |name: &str, role: Role| UserInput {
        email: format!("{name}@example.org"),
        name: name.into(),
        role: role.as_str().into(),
        password: None,
        dn: None,
    };
    let rita = add_user(&ctx, &Actor::system("test"), user("rita", Role::Requester))
        .await
        .unwrap();
    let sam = add_user(&ctx, &Actor::system("test"), user("sam", Role::Admin))
        .await
        .unwrap();
    let input = CreateTicketInput {
        subject: "Stage-in fails".into(),
        description: "Since 02:00.".into(),
        cc: vec!["carl@example.org".into()],
        ..Default::default()
    };
    let id = create_ticket(&ctx, &actor_of(&rita), input).await.unwrap().ticket.id;
    let solve = UpdateTicketInput {
        status: Some("solved".into()),
        qualifier: Some("fixed".into()),
        solution: Some("Fixed the mount.".into()),
        ..UpdateTicketInput::default()
    };
    update_ticket(&ctx, &actor_of(&sam), id, solve).await.unwrap();
    crate::fixtures::queue_notifications(&ctx).await;
    let mails = outbox::list(&ctx, Some(id)).await.unwrap();
    let solution_mail = |to: &str| {
        mails
            .iter()
            .filter(|m| m.recipient == to)
            .map(|m| Parsed::from_bytes(&m.message))
            .find(|p| p.text.contains("Fixed the mount."))
            .unwrap_or_else(|| panic!("no solution mail to {to}: {mails:?}"))
    };
    let carl = solution_mail("carl@example.org");
    assert!(!carl.raw.contains("/confirm/"), "{}", carl.text);
    let rita_mail = solution_mail("rita@example.org");
    let token = rita_mail
        .text
        .split("/confirm/")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .unwrap_or_else(|| panic!("{}", rita_mail.text))
        .to_owned();
    let done = redeem(&ctx, &token, None).await.unwrap();
    assert_eq!(done.ticket.ticket.status, Status::Verified, "the first link verifies");
}

guichet_store::backend_tests! {
    the_solution_mail_carries_working_links,
}
