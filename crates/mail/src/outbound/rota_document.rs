//! What a rota notice says, in the recipient's language: each swap, shift
//! change or handover digest, before it is laid out as text and as HTML.

use guichet_domain::rota::{SwapState, Week};
use guichet_service::mail::MailSettings;
use guichet_service::mail::rota_notices::{DigestTicket, HandoverNews, RotaNews, RotaNotice, SwapTerms};

use super::document::{Body, Document, Section};
use super::i18n::Words;

/// What `notice` tells its recipients, in `words`' language.
pub(crate) fn rota_document(
    settings: &MailSettings,
    notice: &RotaNotice,
    lang: &'static str,
    words: &Words,
) -> Document {
    let handover = notice.news.iter().any(|n| matches!(n, RotaNews::Handover(_)));
    let action = match &notice.author {
        Some((name, address)) => {
            let who = if name.trim().is_empty() { address } else { name };
            words.t_args("rota-by", &[("author", who.trim())])
        }
        None => String::new(),
    };
    let why = if handover {
        "rota-why-handover"
    } else {
        "rota-why-sites"
    };
    Document {
        lang,
        heading: words.t("rota-heading"),
        action,
        sections: notice.news.iter().map(|n| section(n, notice, words)).collect(),
        confirm: None,
        facts: Section {
            title: words.t("rota-why"),
            body: Body::Text(words.t(why)),
        },
        link_label: words.t("rota-view"),
        link: format!("{}/rota", settings.public_url.trim_end_matches('/')),
        hint: words.t("rota-hint"),
        automatic: words.t("mail-automatic"),
    }
}

/// The short title of a piece of news, for the subject and its section.
pub(crate) fn title(news: &RotaNews, words: &Words) -> String {
    match news {
        RotaNews::Proposed(_) => words.t("rota-title-proposed"),
        RotaNews::Decided(_, state) => words.label("rota-title", state.as_str()),
        RotaNews::Changed { .. } => words.t("rota-title-changed"),
        RotaNews::Handover(digest) => {
            words.t_args("rota-title-handover", &[("week", &digest.incoming_week.to_string())])
        }
    }
}

fn section(news: &RotaNews, notice: &RotaNotice, words: &Words) -> Section {
    let body = match news {
        RotaNews::Proposed(terms) => Body::Text(with_note(
            swap_sentence(terms, "rota-proposed", None, words),
            terms,
            words,
        )),
        RotaNews::Decided(terms, state) => Body::Text(swap_sentence(terms, "rota-decided", Some(*state), words)),
        RotaNews::Changed { action, weeks, sites } => Body::Text(words.t_args(
            "rota-changed",
            &[
                ("weeks", &weeks_text(weeks)),
                ("action", &words.label("rota-action", action)),
                ("sites", &sites.join(", ")),
            ],
        )),
        RotaNews::Handover(digest) => Body::List(digest_lines(digest, notice, words)),
    };
    Section {
        title: title(news, words),
        body,
    }
}

/// `rota-proposed-give`, `rota-decided-exchange` …: who gives which week
/// to whom, and what became of it.
fn swap_sentence(terms: &SwapTerms, prefix: &str, state: Option<SwapState>, words: &Words) -> String {
    let week = terms.proposer_week.to_string();
    let other = terms.responder_week.map(|w| w.to_string());
    let state = state.map(|s| words.label("rota-state", s.as_str()));
    let mut args = vec![
        ("proposer", terms.proposer.as_str()),
        ("responder", terms.responder.as_str()),
        ("week", week.as_str()),
    ];
    if let Some(other) = &other {
        args.push(("other", other));
    }
    if let Some(state) = &state {
        args.push(("state", state));
    }
    let kind = if other.is_some() { "exchange" } else { "give" };
    words.t_args(&format!("{prefix}-{kind}"), &args)
}

/// `sentence`, then the proposer's note if there is one.
fn with_note(sentence: String, terms: &SwapTerms, words: &Words) -> String {
    match &terms.note {
        Some(note) => format!(
            "{sentence}\n\n{}",
            words.t_args("rota-note", &[("proposer", &terms.proposer), ("note", note)])
        ),
        None => sentence,
    }
}

/// The handover sentence, then one line per open ticket.
fn digest_lines(digest: &HandoverNews, notice: &RotaNotice, words: &Words) -> Vec<String> {
    let outgoing = digest.outgoing_week.to_string();
    let incoming = digest.incoming_week.to_string();
    let mut lines = vec![words.t_args("rota-handover", &[("outgoing", &outgoing), ("incoming", &incoming)])];
    if digest.tickets.is_empty() {
        lines.push(words.t("rota-no-tickets"));
    } else {
        lines.push(words.t("rota-tickets"));
        lines.extend(digest.tickets.iter().map(|t| ticket_line(t, notice, words)));
    }
    lines
}

fn ticket_line(ticket: &DigestTicket, notice: &RotaNotice, words: &Words) -> String {
    let age = (notice.at - ticket.opened_at).max(chrono::Duration::zero());
    let days = age.num_days().to_string();
    let hours = (age.num_hours() % 24).to_string();
    let age = words.t_args("rota-age", &[("days", &days), ("hours", &hours)]);
    words.t_args(
        "rota-ticket",
        &[
            ("number", &ticket.number.to_string()),
            ("subject", &ticket.subject),
            ("status", &words.label("status", ticket.status.as_str())),
            ("priority", &words.label("priority", ticket.priority.as_str())),
            ("age", &age),
        ],
    )
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// The most weeks a mail lists one by one; more are given as a span.
const LISTED_WEEKS: usize = 6;

/// The weeks of a change: one by one when few, else the first and the
/// last with their count (a generated year changes about fifty).
fn weeks_text(weeks: &[Week]) -> String {
    match (weeks.first(), weeks.last()) {
        (Some(first), Some(last)) if weeks.len() > LISTED_WEEKS => {
            format!("{first} – {last} ({})", weeks.len())
        }
        _ => join(weeks.iter().map(Week::to_string)),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn weeks(n: u64) -> Vec<Week> {
        let first = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
        (0..n).map(|i| Week(first + chrono::Days::new(7 * i))).collect()
    }

    #[test]
    fn a_few_weeks_are_listed_and_a_year_is_a_span() {
        assert_eq!(weeks_text(&weeks(2)), "2027-01-04, 2027-01-11");
        assert_eq!(weeks_text(&weeks(6)).matches(", ").count(), 5);
        assert_eq!(weeks_text(&weeks(52)), "2027-01-04 – 2027-12-27 (52)");
    }
}
