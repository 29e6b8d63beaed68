//! What a notification says and carries.

use guichet_domain::article::ArticleKind;
use guichet_domain::notify::{ChangeSummary, Side};
use guichet_domain::preferences::Language;
use guichet_mail::outbound::i18n::Catalogs;
use guichet_mail::outbound::render;

use crate::fixtures::{Parsed, SECRET, article, notice, recipient, settings};

fn rendered(side: Side, language: Language) -> Parsed {
    let mail = render(&settings(), &notice(), &recipient("rita@example.org", side), language).unwrap();
    Parsed::of(&mail)
}

#[test]
fn the_headers_say_who_where_and_that_the_mail_is_automatic() {
    let mail = render(
        &settings(),
        &notice(),
        &recipient("rita@example.org", Side::Requester),
        Language::En,
    )
    .unwrap();
    assert_eq!(mail.recipient, "rita@example.org");
    let parsed = Parsed::of(&mail);
    let header = |name: &str| {
        parsed
            .header(name)
            .unwrap_or_else(|| panic!("no {name} in\n{}", parsed.raw))
    };
    assert_eq!(header("Auto-Submitted"), "auto-generated");
    assert_eq!(header("X-Guichet-Loop"), "guichet-test");
    assert_eq!(header("X-Auto-Response-Suppress"), "All");
    assert_eq!(header("Subject"), "[Guichet #100234] SRM down at IN2P3-CC");
    assert_eq!(header("From"), "Guichet <helpdesk@guichet.example.org>");
    assert_eq!(header("Reply-To"), "Guichet <helpdesk+100234@guichet.example.org>");
    assert_eq!(header("To"), "rita@example.org");
    assert_eq!(header("In-Reply-To"), "<opening@mail.example>");
    assert_eq!(header("References"), "<opening@mail.example>");
    assert_eq!(header("Content-Language"), "en");
    assert!(header("Date").contains("1 Dec 2026 15:05:00"), "{}", header("Date"));
    assert_eq!(header("Message-ID"), format!("<{}>", mail.message_id));
    let id = mail.message_id.strip_prefix("guichet.100234.77.").unwrap();
    let (hash, domain) = id.split_once('@').unwrap();
    assert_eq!(domain, "guichet.example.org");
    assert!(hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit()), "{hash}");
    assert!(!parsed.raw.contains("Precedence"), "no Precedence: bulk");
}

#[test]
fn message_ids_are_stable_per_recipient_and_differ_between_recipients() {
    let id = |address: &str| {
        render(
            &settings(),
            &notice(),
            &recipient(address, Side::Requester),
            Language::En,
        )
        .unwrap()
        .message_id
    };
    assert_eq!(id("rita@example.org"), id("rita@example.org"));
    assert_ne!(id("rita@example.org"), id("sam@example.org"));
}

#[test]
fn without_a_thread_root_nothing_is_referenced() {
    let mut notice = notice();
    notice.thread_root = None;
    let mail = render(
        &settings(),
        &notice,
        &recipient("rita@example.org", Side::Requester),
        Language::En,
    )
    .unwrap();
    let parsed = Parsed::of(&mail);
    assert_eq!(parsed.header("In-Reply-To"), None);
    assert_eq!(parsed.header("References"), None);
}

#[test]
fn the_body_has_a_text_and_an_html_part_with_the_link() {
    let parsed = rendered(Side::Supporter, Language::En);
    assert!(parsed.raw.contains("multipart/alternative"), "{}", parsed.raw);
    assert!(parsed.raw.contains("text/plain") && parsed.raw.contains("text/html"));
    for part in [&parsed.text, &parsed.html] {
        assert!(part.contains("https://guichet.example.org/tickets/100234"), "{part}");
        assert!(part.contains("Sam Supporter added a public reply."), "{part}");
        assert!(part.contains("We restarted the SRM; please try again."), "{part}");
        assert!(part.contains("job.log"), "{part}");
        assert!(part.contains("Status: assigned → in progress"), "{part}");
        assert!(part.contains("Priority: less urgent → urgent"), "{part}");
        assert!(part.contains("Responsible unit: 3"), "{part}");
        assert!(part.contains("keep [Guichet #100234] in the subject"), "{part}");
    }
    assert!(
        parsed
            .html
            .contains("<a href=\"https://guichet.example.org/tickets/100234\">View the ticket</a>")
    );
    assert!(
        parsed
            .text
            .contains("View the ticket <https://guichet.example.org/tickets/100234>")
    );
}

#[test]
fn only_the_writers_own_words_are_shown() {
    let parsed = rendered(Side::Requester, Language::En);
    assert!(parsed.text.contains("We restarted the SRM"));
    assert!(!parsed.shows("QUOTED-OLD"), "{}", parsed.text);
    assert!(
        !parsed.shows("Rita <rita@example.org> wrote"),
        "nor its attribution: {}",
        parsed.text
    );
}

#[test]
fn the_recipients_language_is_used() {
    let fr = rendered(Side::Supporter, Language::Fr);
    for words in [
        "Ticket 100234 : SRM down at IN2P3-CC",
        "Sam Supporter a ajouté une réponse publique.",
        "Réponse publique de Sam Supporter",
        "Note interne (réservée au support)",
        "Statut : assigned (attribué) → in progress (en cours)",
        "Fichiers joints",
        "Voir le ticket",
        "gardez [Guichet #100234] dans l'objet",
    ] {
        assert!(fr.text.contains(words), "{words:?} in\n{}", fr.text);
    }
    assert!(fr.html.contains("<html lang=\"fr\">"));
    assert_eq!(fr.header("Content-Language").as_deref(), Some("fr"));
    assert_eq!(
        fr.header("Subject").as_deref(),
        Some("[Guichet #100234] SRM down at IN2P3-CC")
    );
    let en = rendered(Side::Supporter, Language::En);
    assert!(en.text.contains("Public reply by Sam Supporter") && !en.text.contains("Voir le ticket"));
}

#[test]
fn the_requester_side_never_sees_internal_content() {
    let requester = rendered(Side::Requester, Language::En);
    assert!(!requester.shows("SECRET-NOTE"), "{}", requester.text);
    assert!(
        !requester.shows("SECRET-FIELD"),
        "supporter-only fields: {}",
        requester.text
    );
    assert!(!requester.shows("Internal note"));
    assert!(!requester.shows("job.log"), "a file may be the note's");
    assert!(
        requester.text.contains("We restarted the SRM"),
        "the public reply is there"
    );
    let supporter = rendered(Side::Supporter, Language::En);
    assert!(supporter.text.contains(SECRET) && supporter.html.contains(SECRET));
    assert!(
        supporter
            .text
            .contains("Internal note (supporters only) by Sam Supporter")
    );
    assert!(supporter.text.contains("SECRET-FIELD"));
}

#[test]
fn an_internal_note_alone_reads_as_an_update_to_requesters() {
    let mut notice = notice();
    notice.articles.retain(|a| a.kind == ArticleKind::InternalNote);
    notice.summary = ChangeSummary {
        internal_notes: 1,
        other_changes: true,
        ..ChangeSummary::default()
    };
    let as_requester = render(
        &settings(),
        &notice,
        &recipient("r@example.org", Side::Requester),
        Language::En,
    )
    .unwrap();
    let parsed = Parsed::of(&as_requester);
    assert!(
        parsed.text.contains("Sam Supporter updated the ticket."),
        "{}",
        parsed.text
    );
    assert!(!parsed.shows("SECRET-NOTE") && !parsed.shows("internal note"));
    let as_supporter = render(
        &settings(),
        &notice,
        &recipient("s@example.org", Side::Supporter),
        Language::En,
    )
    .unwrap();
    assert!(
        Parsed::of(&as_supporter)
            .text
            .contains("Sam Supporter added an internal note.")
    );
}

#[test]
fn user_text_is_escaped_in_html() {
    let mut notice = notice();
    notice.ticket.subject = "<b>bold</b> & \"quoted\"".into();
    notice.articles = vec![article(1, ArticleKind::PublicReply, "<script>alert('x')</script>")];
    notice.files = vec!["<img src=x onerror=alert(1)>.log".into()];
    notice.author = Some(("<i>Mallory</i>".into(), "m@example.org".into()));
    let mail = render(
        &settings(),
        &notice,
        &recipient("r@example.org", Side::Supporter),
        Language::En,
    )
    .unwrap();
    let parsed = Parsed::of(&mail);
    for markup in ["<script>", "<b>bold", "<img", "<i>Mallory"] {
        assert!(!parsed.html.contains(markup), "{markup} in\n{}", parsed.html);
    }
    for escaped in [
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
        "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;",
        "&lt;img src=x onerror=alert(1)&gt;.log",
        "&lt;i&gt;Mallory&lt;/i&gt; added a public reply.",
    ] {
        assert!(parsed.html.contains(escaped), "{escaped} in\n{}", parsed.html);
    }
    assert!(
        parsed.text.contains("<script>alert('x')</script>"),
        "the text part is verbatim"
    );
}

/// Every message the renderer uses exists in both languages: a full notice
/// of each kind, on both sides, formats without a Fluent error (the
/// renderer fails in debug builds when a word is missing) and shows no
/// message id.
#[test]
fn every_word_used_exists_in_both_languages() {
    let summaries = [
        ChangeSummary {
            created: true,
            ..ChangeSummary::default()
        },
        ChangeSummary {
            solved: true,
            ..ChangeSummary::default()
        },
        ChangeSummary {
            reopened: true,
            ..ChangeSummary::default()
        },
        ChangeSummary {
            public_replies: 1,
            ..ChangeSummary::default()
        },
        ChangeSummary {
            internal_notes: 1,
            ..ChangeSummary::default()
        },
        ChangeSummary::default(),
    ];
    let catalogs = Catalogs::get();
    for language in Language::ALL {
        assert_eq!(
            catalogs.ids(*language),
            catalogs.ids(Language::En),
            "same ids, same order"
        );
        for (i, summary) in summaries.iter().enumerate() {
            let mut notice = notice();
            notice.summary = *summary;
            notice
                .articles
                .push(article(3, ArticleKind::Solution, "Fixed by a restart."));
            notice
                .fields
                .push(guichet_domain::event::FieldChange::new("notification_mode", None, None));
            if i == 0 {
                notice.author = None;
            }
            for side in [Side::Requester, Side::Supporter] {
                let mail = render(&settings(), &notice, &recipient("r@example.org", side), *language).unwrap();
                let parsed = Parsed::of(&mail);
                for prefix in ["mail-", "field-", "status-", "priority-"] {
                    assert!(
                        !parsed.text.contains(prefix),
                        "{prefix} in {language}:\n{}",
                        parsed.text
                    );
                }
            }
        }
    }
    let created = {
        let mut notice = notice();
        notice.summary.created = true;
        notice.author = None;
        notice
    };
    let mail = render(
        &settings(),
        &created,
        &recipient("r@example.org", Side::Requester),
        Language::Fr,
    )
    .unwrap();
    let parsed = Parsed::of(&mail);
    assert!(parsed.text.contains("Guichet a ouvert le ticket."), "{}", parsed.text);
    assert!(
        parsed
            .text
            .contains("Description\n-----------\nAll transfers fail since 08:00.")
    );
}
