//! Ticket pages: my tickets, one ticket, the submit form.

pub mod actions;
mod citations;
mod confirm_forms;
pub mod escalation;
pub mod forms;
mod history;
pub mod mine;
pub mod new;
mod parts;
pub mod public;
pub mod show;

use guichet_domain::ids::{TicketId, TicketNumber};
use guichet_service::{Page, TicketView};

use crate::error::WebError;
use crate::i18n::Tr;

/// The ticket a number in a URL designates.
pub fn ticket_id(number: &str) -> Result<TicketId, WebError> {
    number
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|n| TicketNumber(n).ticket_id())
        .ok_or(WebError::NotFound)
}

/// A row of a ticket list.
pub struct Row {
    /// The number people quote.
    pub number: i64,
    /// Subject.
    pub subject: String,
    /// Status, translated.
    pub status: String,
    /// Priority, translated.
    pub priority: String,
    /// The escalation colour, as a class (`green` … `red`) and translated;
    /// none when the unit owes no answer.
    pub colour: Option<(String, String)>,
    /// Responsible unit's name.
    pub unit: String,
    /// Last change.
    pub updated: String,
    /// Opening.
    pub created: String,
}

impl Row {
    /// The row of `view`, naming its unit from `units`, with its colour now.
    pub fn of(
        ctx: &guichet_service::Context,
        view: &TicketView,
        tr: &Tr<'_>,
        units: &[guichet_domain::reference::Unit],
    ) -> Self {
        let ticket = &view.ticket;
        Self {
            colour: colour(ctx, ticket, tr),
            number: ticket.number().0,
            subject: ticket.subject.clone(),
            status: tr.label("status", ticket.status.as_str()),
            priority: tr.label("priority", ticket.priority.as_str()),
            unit: units
                .iter()
                .find(|u| u.id == ticket.unit)
                .map_or_else(|| ticket.unit.to_string(), |u| u.name.clone()),
            updated: tr.moment(ticket.updated_at),
            created: tr.moment(ticket.created_at),
        }
    }
}

/// A ticket's escalation colour now, as a class and in the visitor's words.
pub fn colour(
    ctx: &guichet_service::Context,
    ticket: &guichet_domain::ticket::Ticket,
    tr: &Tr<'_>,
) -> Option<(String, String)> {
    let colour = guichet_service::tickets::read::colour(ctx, ticket)?;
    Some((colour.as_str().to_owned(), tr.label("colour", colour.as_str())))
}

/// A list's total as people read it: exact, or "more than 10,000".
pub fn total(page: &Page<TicketView>, tr: &Tr<'_>) -> String {
    if page.total_exact {
        tr.t1("list-total", "count", page.total)
    } else {
        tr.t("list-total-more")
    }
}

/// An option of a select.
pub struct Choice {
    /// Its value.
    pub value: String,
    /// What it shows, translated.
    pub label: String,
    /// Whether it is the current one.
    pub selected: bool,
}

/// The options of a select, `current` selected, after a `none` option
/// (the empty value) if one is given.
pub fn choices(items: Vec<(String, String)>, current: &str, none: Option<String>) -> Vec<Choice> {
    let mut all = Vec::new();
    if let Some(label) = none {
        all.push(Choice {
            value: String::new(),
            label,
            selected: current.is_empty(),
        });
    }
    all.extend(items.into_iter().map(|(value, label)| Choice {
        selected: value == current,
        value,
        label,
    }));
    all
}
