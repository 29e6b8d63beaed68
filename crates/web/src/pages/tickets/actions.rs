//! The actions on a ticket's page: the forms the visitor's role allows
//! (from the one function that says so, `ticket_actions`), and their
//! handlers, which call the same use cases as the API. A refused action
//! shows the page again with the reason next to its form and the text kept.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use guichet_domain::actions::TicketActions;
use guichet_domain::actor::Actor;
use guichet_domain::ids::{RelationId, TicketNumber, UnitId, UserId};
use guichet_domain::status::{Qualifier, Status};
use guichet_domain::ticket::Ticket;
use guichet_service::admin::units::list_units;
use guichet_service::admin::users::list_users;
use guichet_service::input::{ArticleInput, InvolvedInput, RelationInput, UpdateTicketInput};
use guichet_service::people::subscriptions::{is_subscribed, subscribe, unsubscribe};
use guichet_service::tickets::relations::{add_relation, remove_relation};
use guichet_service::tickets::update::update_ticket;
use guichet_service::tickets::write_article::add_article;
use guichet_service::{Context, ServiceError};

use super::{Choice, choices, ticket_id};
use crate::WebState;
use crate::csrf;
use crate::error::{WebError, WebResult, respond};
use crate::i18n::Tr;
use crate::visit::Visit;

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

/// The fields of every action form: the token, and each form's own.
pub type Fields = HashMap<String, String>;

fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).map_or("", |v| v.trim())
}

fn optional(fields: &Fields, name: &str) -> Option<String> {
    Some(field(fields, name)).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// What a posted action form brings: the server, the visit, the
/// headers that tell a cross-site post, the ticket number and the fields.
struct Posted<'a> {
    state: &'a WebState,
    visit: &'a Visit,
    headers: &'a HeaderMap,
    number: &'a str,
    fields: &'a Fields,
}

/// Runs an action for the visitor and comes back to the ticket, or shows
/// the page with the refusal next to the form.
async fn act<F>(posted: Posted<'_>, form: &'static str, kept: &str, action: F) -> WebResult
where
    F: AsyncFnOnce(&Actor) -> Result<(), ServiceError>,
{
    let Posted {
        state,
        visit,
        headers,
        number,
        fields,
    } = posted;
    let Some(actor) = visit.actor() else {
        return Err(WebError::SignInNeeded);
    };
    if !csrf::allows(visit, headers, field(fields, "csrf")) {
        return Err(WebError::Forged);
    }
    ticket_id(number)?;
    match action(&actor).await {
        Ok(()) => Ok(Redirect::to(&format!("/tickets/{number}#{form}")).into_response()),
        Err(ServiceError::NotFound(_)) => Err(WebError::NotFound),
        Err(
            error @ (ServiceError::Invalid { .. }
            | ServiceError::Conflict(_)
            | ServiceError::Forbidden(_)
            | ServiceError::TooLarge(_)),
        ) => {
            let tr = visit.tr(state);
            let status = match error {
                ServiceError::Forbidden(_) => StatusCode::FORBIDDEN,
                ServiceError::Conflict(_) => StatusCode::CONFLICT,
                ServiceError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let problem = Problem {
                form,
                message: crate::reasons::of_error(&tr, &error),
                kept: kept.to_owned(),
                status,
            };
            super::show::page(state, visit, number, Some(problem)).await
        }
        Err(other) => Err(other.into()),
    }
}

/// `POST /tickets/{number}/articles`: a reply or an internal note.
pub async fn write(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(number): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    let body = fields.get("body").cloned().unwrap_or_default();
    let outcome = act(
        Posted {
            state: &state,
            visit: &visit,
            headers: &headers,
            number: &number,
            fields: &fields,
        },
        "reply",
        &body,
        async |actor| {
            let id = ticket_id(&number).map_err(|_| ServiceError::NotFound("ticket"))?;
            let input = ArticleInput {
                kind: optional(&fields, "kind"),
                body: body.clone(),
            };
            add_article(&state.ctx, actor, id, input).await.map(|_| ())
        },
    )
    .await;
    respond(&state, &visit, outcome)
}

/// Applies `input` to ticket `number`.
async fn update(ctx: &Context, actor: &Actor, number: &str, input: UpdateTicketInput) -> Result<(), ServiceError> {
    let id = ticket_id(number).map_err(|_| ServiceError::NotFound("ticket"))?;
    update_ticket(ctx, actor, id, input).await.map(|_| ())
}

/// `POST /tickets/{number}/status`: a status, with its qualifier, solution
/// or reason.
pub async fn status(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(number): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    let kept = [field(&fields, "solution"), field(&fields, "comment")].concat();
    let outcome = act(
        Posted {
            state: &state,
            visit: &visit,
            headers: &headers,
            number: &number,
            fields: &fields,
        },
        "status",
        &kept,
        async |actor| {
            let wanted = field(&fields, "status");
            let input = UpdateTicketInput {
                status: optional(&fields, "status"),
                qualifier: optional(&fields, "qualifier")
                    .filter(|_| matches!(Status::parse(wanted), Ok(Status::Solved | Status::Unsolved))),
                solution: optional(&fields, "solution"),
                comment: optional(&fields, "comment"),
                ..UpdateTicketInput::default()
            };
            update(&state.ctx, actor, &number, input).await
        },
    )
    .await;
    respond(&state, &visit, outcome)
}

/// `POST /tickets/{number}/route`: another unit, or another person.
pub async fn route(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(number): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    let outcome = act(
        Posted {
            state: &state,
            visit: &visit,
            headers: &headers,
            number: &number,
            fields: &fields,
        },
        "route",
        "",
        async |actor| {
            let unit = field(&fields, "unit").parse().ok().map(UnitId);
            let assignee = Some(field(&fields, "assignee").parse().ok().map(UserId));
            let input = UpdateTicketInput {
                unit,
                assignee,
                ..UpdateTicketInput::default()
            };
            update(&state.ctx, actor, &number, input).await
        },
    )
    .await;
    respond(&state, &visit, outcome)
}

/// `POST /tickets/{number}/priority`: a priority, with why when raised.
pub async fn priority(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(number): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    let kept = field(&fields, "priority_justification").to_owned();
    let outcome = act(
        Posted {
            state: &state,
            visit: &visit,
            headers: &headers,
            number: &number,
            fields: &fields,
        },
        "priority",
        &kept,
        async |actor| {
            let input = UpdateTicketInput {
                priority: optional(&fields, "priority"),
                priority_justification: optional(&fields, "priority_justification"),
                ..UpdateTicketInput::default()
            };
            update(&state.ctx, actor, &number, input).await
        },
    )
    .await;
    respond(&state, &visit, outcome)
}

/// `POST /tickets/{number}/follow`: who is in copy, the visibility, the
/// notifications.
pub async fn follow(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(number): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    let kept = field(&fields, "cc").to_owned();
    let outcome = act(
        Posted {
            state: &state,
            visit: &visit,
            headers: &headers,
            number: &number,
            fields: &fields,
        },
        "follow",
        &kept,
        async |actor| {
            let cc = field(&fields, "cc")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            let input = UpdateTicketInput {
                cc: Some(cc),
                visibility: optional(&fields, "visibility"),
                notification_mode: optional(&fields, "notification_mode"),
                ..UpdateTicketInput::default()
            };
            update(&state.ctx, actor, &number, input).await
        },
    )
    .await;
    respond(&state, &visit, outcome)
}

/// `POST /tickets/{number}/relations`: relates another ticket, by number.
pub async fn relate(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(number): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    let outcome = act(
        Posted {
            state: &state,
            visit: &visit,
            headers: &headers,
            number: &number,
            fields: &fields,
        },
        "relate",
        "",
        async |actor| {
            let id = ticket_id(&number).map_err(|_| ServiceError::NotFound("ticket"))?;
            let target = field(&fields, "target")
                .trim_start_matches('#')
                .parse::<i64>()
                .ok()
                .and_then(|n| TicketNumber(n).ticket_id());
            let target = target.ok_or_else(|| ServiceError::invalid("target", visit.tr(&state).t("go-invalid")))?;
            let input = RelationInput {
                kind: field(&fields, "kind").to_owned(),
                target: target.0,
            };
            add_relation(&state.ctx, actor, id, input).await.map(|_| ())
        },
    )
    .await;
    respond(&state, &visit, outcome)
}

/// `POST /tickets/{number}/relations/{relation}/remove`: unrelates.
pub async fn unrelate(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path((number, relation)): Path<(String, i64)>,
    Form(fields): Form<Fields>,
) -> Response {
    let outcome = act(
        Posted {
            state: &state,
            visit: &visit,
            headers: &headers,
            number: &number,
            fields: &fields,
        },
        "relate",
        "",
        async |actor| {
            let id = ticket_id(&number).map_err(|_| ServiceError::NotFound("ticket"))?;
            remove_relation(&state.ctx, actor, id, RelationId(relation)).await
        },
    )
    .await;
    respond(&state, &visit, outcome)
}

/// `POST /tickets/{number}/involve`: the units and people involved
/// besides the responsible unit, as ticked.
pub async fn involve(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(number): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let ids = |name: &str| -> Vec<i64> {
        pairs
            .iter()
            .filter(|(k, _)| k == name)
            .filter_map(|(_, v)| v.parse().ok())
            .collect()
    };
    let fields: Fields = pairs.iter().filter(|(k, _)| k == "csrf").cloned().collect();
    let outcome = act(
        Posted {
            state: &state,
            visit: &visit,
            headers: &headers,
            number: &number,
            fields: &fields,
        },
        "involve",
        "",
        async |actor| {
            let involved = InvolvedInput {
                units: ids("units").into_iter().map(UnitId).collect(),
                users: ids("users").into_iter().map(UserId).collect(),
            };
            let input = UpdateTicketInput {
                involved: Some(involved),
                ..UpdateTicketInput::default()
            };
            update(&state.ctx, actor, &number, input).await
        },
    )
    .await;
    respond(&state, &visit, outcome)
}

/// `POST /tickets/{number}/subscription`: follow the ticket, or with
/// `follow=no` stop following it.
pub async fn subscription(
    State(state): State<WebState>,
    visit: Visit,
    headers: HeaderMap,
    Path(number): Path<String>,
    Form(fields): Form<Fields>,
) -> Response {
    let outcome = act(
        Posted {
            state: &state,
            visit: &visit,
            headers: &headers,
            number: &number,
            fields: &fields,
        },
        "subscription",
        "",
        async |actor| {
            let id = ticket_id(&number).map_err(|_| ServiceError::NotFound("ticket"))?;
            if field(&fields, "follow") == "no" {
                unsubscribe(&state.ctx, actor, id).await.map(|_| ())
            } else {
                subscribe(&state.ctx, actor, id).await.map(|_| ())
            }
        },
    )
    .await;
    respond(&state, &visit, outcome)
}
