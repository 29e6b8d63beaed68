//! The action forms of a ticket's page: those the visitor's role allows,
//! from the one function that says so (`ticket_actions`), with what each
//! offers, and a refused action's reason and text.

use axum::http::StatusCode;

use guichet_domain::actions::TicketActions;
use guichet_domain::actor::Actor;
use guichet_domain::status::Qualifier;
use guichet_domain::ticket::Ticket;
use guichet_service::Context;
use guichet_service::admin::units::list_units;
use guichet_service::admin::users::list_users;
use guichet_service::people::subscriptions::is_subscribed;

use super::{Choice, choices};
use crate::error::WebError;
use crate::i18n::Tr;

/// A refused action: which form, why, and the text the visitor had typed.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The form: `reply`, `status`, `route`, `priority`, `follow` or `relate`.
    pub form: &'static str,
    /// Why, translated where the reason is known.
    pub message: String,
    /// The text the visitor had typed (a reply, a solution), kept.
    pub kept: String,
    /// The answer's status: 422 for a missing or wrong value, 403 for an
    /// action outside the role, 409 for one the ticket's state forbids.
    pub status: StatusCode,
}

/// What the page's action forms need.
pub struct ActionForms {
    /// May reply.
    pub reply: bool,
    /// May write internal notes.
    pub note: bool,
    /// The statuses offered.
    pub statuses: Vec<Choice>,
    /// The qualifiers of solved and unsolved.
    pub qualifiers: Vec<Choice>,
    /// The priorities offered.
    pub priorities: Vec<Choice>,
    /// May route and assign.
    pub route: bool,
    /// The units to route to.
    pub units: Vec<Choice>,
    /// The people to assign.
    pub people: Vec<Choice>,
    /// May change the copy list, visibility and notifications.
    pub follow: bool,
    /// The copy list, one address a line.
    pub cc: String,
    /// The visibilities.
    pub visibilities: Vec<Choice>,
    /// The notification modes.
    pub notifications: Vec<Choice>,
    /// May involve other units and people.
    pub involve: bool,
    /// The units that may be involved, the involved ones selected.
    pub involved_units: Vec<Choice>,
    /// The people who may be involved, the involved ones selected.
    pub involved_people: Vec<Choice>,
    /// Whether the visitor follows the ticket.
    pub subscribed: bool,
    /// May relate tickets.
    pub relate: bool,
    /// The kinds of relation.
    pub relation_kinds: Vec<Choice>,
    /// The refused action, if any.
    pub problem: Option<Problem>,
}

impl ActionForms {
    /// The forms `allowed` offers on `ticket`.
    pub async fn new(
        ctx: &Context,
        actor: &Actor,
        ticket: &Ticket,
        allowed: &TicketActions,
        tr: &Tr<'_>,
        problem: Option<Problem>,
    ) -> Result<Self, WebError> {
        let statuses = allowed
            .statuses
            .iter()
            .map(|s| (s.as_str().to_owned(), tr.label("status", s.as_str())))
            .collect();
        let qualifiers = Qualifier::ALL
            .iter()
            .map(|q| (q.as_str().to_owned(), tr.label("qualifier", q.as_str())))
            .collect();
        let priorities = allowed
            .priorities
            .iter()
            .map(|p| (p.as_str().to_owned(), tr.label("priority", p.as_str())))
            .collect();
        let (units, people) = if allowed.route || allowed.edit {
            (unit_options(ctx).await?, supporter_options(ctx, actor).await?)
        } else {
            (Vec::new(), Vec::new())
        };
        let assignee = ticket.assignee.map(|a| a.to_string()).unwrap_or_default();
        let involved_units = ticked(&units, &ticket.involved_units);
        let involved_people = ticked(&people, &ticket.involved_users);
        let subscribed = is_subscribed(ctx, actor, ticket.id).await?;
        let visibilities = ["public", "private"]
            .map(|v| (v.to_owned(), tr.t(&format!("visibility-{v}"))))
            .to_vec();
        let notifications = ["on solution", "on every change"]
            .map(|m| (m.to_owned(), tr.label("notification", m)))
            .to_vec();
        let kinds = [
            ("cross-reference", "relation-cross-reference"),
            ("parent-child", "relation-parent"),
            ("master-slave", "relation-master"),
        ]
        .map(|(kind, message)| (kind.to_owned(), tr.t(message)))
        .to_vec();
        Ok(Self {
            reply: allowed.reply,
            note: allowed.internal_note,
            statuses: choices(statuses, "", None),
            qualifiers: choices(qualifiers, "", Some(tr.t("submit-none"))),
            priorities: choices(priorities, "", None),
            route: allowed.route,
            units: choices(units, &ticket.unit.to_string(), None),
            people: choices(people, &assignee, Some(tr.t("ticket-none"))),
            follow: allowed.follow,
            cc: ticket.cc.iter().map(|e| e.as_str()).collect::<Vec<_>>().join("\n"),
            visibilities: choices(visibilities, ticket.visibility.as_str(), None),
            notifications: choices(notifications, ticket.notification_mode.as_str(), None),
            involve: allowed.edit,
            involved_units,
            involved_people,
            subscribed,
            relate: allowed.relate,
            relation_kinds: choices(kinds, "", None),
            problem,
        })
    }

    /// The reason `form` was refused, if it was.
    pub fn error(&self, form: &str) -> Option<&String> {
        self.problem.as_ref().filter(|p| p.form == form).map(|p| &p.message)
    }

    /// The text kept for `form`.
    pub fn kept(&self, form: &str) -> &str {
        self.problem
            .as_ref()
            .filter(|p| p.form == form)
            .map_or("", |p| p.kept.as_str())
    }
}

/// A select's or checkboxes' values and labels.
type Options = Vec<(String, String)>;

/// Every unit, by name.
async fn unit_options(ctx: &Context) -> Result<Options, WebError> {
    let units = list_units(ctx).await?;
    Ok(units.into_iter().map(|u| (u.id.to_string(), u.name)).collect())
}

/// The enabled supporters, who may be assigned or involved.
async fn supporter_options(ctx: &Context, actor: &Actor) -> Result<Options, WebError> {
    let users = list_users(ctx, actor).await?;
    Ok(users
        .into_iter()
        .filter(|u| u.role.is_supporter() && !u.disabled)
        .map(|u| (u.id.to_string(), u.name))
        .collect())
}

/// Checkboxes of `items`, those in `chosen` ticked.
fn ticked<T: std::fmt::Display>(items: &[(String, String)], chosen: &[T]) -> Vec<Choice> {
    let chosen: Vec<String> = chosen.iter().map(ToString::to_string).collect();
    items
        .iter()
        .map(|(value, label)| Choice {
            selected: chosen.contains(value),
            value: value.clone(),
            label: label.clone(),
        })
        .collect()
}
