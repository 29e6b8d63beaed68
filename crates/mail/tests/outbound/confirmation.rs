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
