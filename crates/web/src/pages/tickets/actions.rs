//! The handlers of a ticket's action forms. Each calls the same use case
//! as the API; a refused action shows the page again with the reason next
//! to its form and the text typed kept.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use guichet_domain::actor::Actor;
use guichet_domain::deadlines::EscalationLevel;
use guichet_domain::ids::{AnswerId, PortalLinkId, RelationId, TicketId, TicketNumber, UnitId, UserId};
use guichet_domain::rating::Rating;
use guichet_domain::status::Status;
use guichet_service::ServiceError;
use guichet_service::input::{ArticleInput, InvolvedInput, RelationInput, UpdateTicketInput};
use guichet_service::knowledge::{CitationTarget, citations};
use guichet_service::people::subscriptions::{subscribe, unsubscribe};
use guichet_service::tickets::confirm::{self, parse_rating};
use guichet_service::tickets::escalate::escalate as escalate_ticket;
use guichet_service::tickets::relations::{add_relation, remove_relation};
use guichet_service::tickets::update::update_ticket;
use guichet_service::tickets::write_article::add_article;

use super::forms::Problem;
use super::ticket_id;
use crate::WebState;
use crate::csrf;
use crate::error::{WebError, WebResult, respond};
use crate::visit::Visit;

/// A posted action form: the server, the visitor, the headers that tell a
/// cross-site post, the path's parameters and the fields (a field may
/// come several times, as ticked checkboxes do).
pub struct Posted {
    state: WebState,
    visit: Visit,
    headers: HeaderMap,
    path: HashMap<String, String>,
    fields: Vec<(String, String)>,
}

impl FromRequest<WebState> for Posted {
    type Rejection = Response;

    async fn from_request(request: Request, state: &WebState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let Ok(visit) = Visit::from_request_parts(&mut parts, state).await;
        let Path(path) = Path::<HashMap<String, String>>::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let headers = parts.headers.clone();
        let Form(fields) = Form::<Vec<(String, String)>>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Self {
            state: state.clone(),
            visit,
            headers,
            path,
            fields,
        })
    }
}

impl Posted {
    /// The ticket number of the path.
    fn number(&self) -> &str {
        self.path.get("number").map_or("", String::as_str)
    }

    /// The ticket of the path, or "not found".
    fn ticket(&self) -> Result<TicketId, ServiceError> {
        ticket_id(self.number()).map_err(|_| ServiceError::NotFound("ticket"))
    }

    /// Field `name`'s first value, trimmed; empty if absent.
    fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// Field `name`, if not blank.
    fn optional(&self, name: &str) -> Option<String> {
        Some(self.field(name)).filter(|v| !v.is_empty()).map(str::to_owned)
    }

    /// Every value of field `name` that is a number.
    fn ids(&self, name: &str) -> Vec<i64> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .filter_map(|(_, v)| v.trim().parse().ok())
            .collect()
    }

    /// Applies `input` to the path's ticket.
    async fn update(&self, actor: &Actor, input: UpdateTicketInput) -> Result<(), ServiceError> {
        update_ticket(&self.state.ctx, actor, self.ticket()?, input)
            .await
            .map(|_| ())
    }

    /// Runs `action` for the visitor and comes back to the ticket's `form`,
    /// or shows the page with the refusal next to it and `kept` typed in.
    async fn act<F, R>(self, form: &'static str, kept: &str, action: F) -> Response
    where
        F: AsyncFnOnce(&Posted, &Actor) -> Result<R, ServiceError>,
        R: Landing,
    {
        let outcome = self.attempt(form, kept, action).await;
        respond(&self.state, &self.visit, outcome)
    }

    async fn attempt<F, R>(&self, form: &'static str, kept: &str, action: F) -> WebResult
    where
        F: AsyncFnOnce(&Posted, &Actor) -> Result<R, ServiceError>,
        R: Landing,
    {
        let Some(actor) = self.visit.actor() else {
            return Err(WebError::SignInNeeded);
        };
        if !csrf::allows(&self.visit, &self.headers, self.field("csrf")) {
            return Err(WebError::Forged);
        }
        let number = self.number();
        ticket_id(number)?;
        match action(self, &actor).await {
            Ok(done) => Ok(Redirect::to(&format!("/tickets/{number}{}#{form}", done.query())).into_response()),
            Err(ServiceError::NotFound(_)) => Err(WebError::NotFound),
            Err(
                error @ (ServiceError::Invalid { .. }
                | ServiceError::Conflict(_)
                | ServiceError::Refused { .. }
                | ServiceError::Forbidden(_)
                | ServiceError::TooLarge(_)),
            ) => {
                let problem = Problem {
                    form,
                    message: crate::reasons::of_error(&self.visit.tr(&self.state), &error),
                    kept: kept.to_owned(),
                    status: refusal_status(&error),
                };
                super::show::page(&self.state, &self.visit, number, Some(problem)).await
            }
            Err(other) => Err(other.into()),
        }
    }
}

/// What a successful action adds to the ticket page's address: nothing,
/// or the query of the notice the page shows.
trait Landing {
    /// The query, with its `?`, or nothing.
    fn query(&self) -> String;
}

impl Landing for () {
    fn query(&self) -> String {
        String::new()
    }
}

impl Landing for EscalationLevel {
    fn query(&self) -> String {
        format!("?escalated={self}")
    }
}

/// The status of a refused action: 403 outside the role, 409 when the
/// ticket's state forbids it, 413 over a limit, 422 for a wrong value.
fn refusal_status(error: &ServiceError) -> StatusCode {
    match error {
        ServiceError::Forbidden(_) => StatusCode::FORBIDDEN,
        ServiceError::Conflict(_) | ServiceError::Refused { .. } => StatusCode::CONFLICT,
        ServiceError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// `POST /tickets/{number}/articles`: a reply or an internal note.
pub async fn write(posted: Posted) -> Response {
    let body = posted
        .fields
        .iter()
        .find(|(k, _)| k == "body")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    posted
        .act("reply", &body.clone(), async |p, actor| {
            let input = ArticleInput {
                kind: p.optional("kind"),
                body,
            };
            add_article(&p.state.ctx, actor, p.ticket()?, input).await.map(|_| ())
        })
        .await
}

/// `POST /tickets/{number}/status`: a status, with its qualifier, solution
/// or reason.
pub async fn status(posted: Posted) -> Response {
    let kept = [posted.field("solution"), posted.field("comment")].concat();
    posted
        .act("status", &kept, async |p, actor| {
            let answered = matches!(Status::parse(p.field("status")), Ok(Status::Solved | Status::Unsolved));
            let input = UpdateTicketInput {
                status: p.optional("status"),
                qualifier: p.optional("qualifier").filter(|_| answered),
                solution: p.optional("solution"),
                comment: p.optional("comment"),
                ..UpdateTicketInput::default()
            };
            p.update(actor, input).await
        })
        .await
}

/// `POST /tickets/{number}/verify`: the submitter confirms the solution,
/// rating it if they chose a rating.
pub async fn verify(posted: Posted) -> Response {
    let kept = posted.field("comment").to_owned();
    posted
        .act("confirm", &kept, async |p, actor| {
            let rating = match p.optional("rating") {
                Some(raw) => Some(Rating::parse(&raw, Some(p.field("comment")))?),
                None => parse_rating(None, Some(p.field("comment")))?,
            };
            confirm::verify(&p.state.ctx, actor, p.ticket()?, rating)
                .await
                .map(|_| ())
        })
        .await
}

/// `POST /tickets/{number}/reopen`: the submitter reopens an answered
/// ticket, with their reason as a reply if they gave one.
pub async fn reopen(posted: Posted) -> Response {
    let kept = posted.field("reason").to_owned();
    posted
        .act("confirm", &kept, async |p, actor| {
            let reason = p.optional("reason");
            confirm::reopen(&p.state.ctx, actor, p.ticket()?, reason.as_deref())
                .await
                .map(|_| ())
        })
        .await
}

/// `POST /tickets/{number}/route`: another unit, or another person.
pub async fn route(posted: Posted) -> Response {
    posted
        .act("route", "", async |p, actor| {
            let input = UpdateTicketInput {
                unit: p.field("unit").parse().ok().map(UnitId),
                assignee: Some(p.field("assignee").parse().ok().map(UserId)),
                ..UpdateTicketInput::default()
            };
            p.update(actor, input).await
        })
        .await
}

/// `POST /tickets/{number}/priority`: a priority, with why when raised.
pub async fn priority(posted: Posted) -> Response {
    let kept = posted.field("priority_justification").to_owned();
    posted
        .act("priority", &kept, async |p, actor| {
            let input = UpdateTicketInput {
                priority: p.optional("priority"),
                priority_justification: p.optional("priority_justification"),
                ..UpdateTicketInput::default()
            };
            p.update(actor, input).await
        })
        .await
}

/// `POST /tickets/{number}/follow`: who is in copy, the visibility, the
/// notifications.
pub async fn follow(posted: Posted) -> Response {
    let kept = posted.field("cc").to_owned();
    posted
        .act("follow", &kept, async |p, actor| {
            let cc = p
                .field("cc")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            let input = UpdateTicketInput {
                cc: Some(cc),
                visibility: p.optional("visibility"),
                notification_mode: p.optional("notification_mode"),
                ..UpdateTicketInput::default()
            };
            p.update(actor, input).await
        })
        .await
}

/// `POST /tickets/{number}/involve`: the units and people involved
/// besides the responsible unit, as ticked.
pub async fn involve(posted: Posted) -> Response {
    posted
        .act("involve", "", async |p, actor| {
            let involved = InvolvedInput {
                units: p.ids("units").into_iter().map(UnitId).collect(),
                users: p.ids("users").into_iter().map(UserId).collect(),
            };
            let input = UpdateTicketInput {
                involved: Some(involved),
                ..UpdateTicketInput::default()
            };
            p.update(actor, input).await
        })
        .await
}

/// `POST /tickets/{number}/relations`: relates another ticket, by number.
pub async fn relate(posted: Posted) -> Response {
    posted
        .act("relate", "", async |p, actor| {
            let target = p.field("target").trim_start_matches('#').parse::<i64>().ok();
            let target = target.and_then(|n| TicketNumber(n).ticket_id());
            let target = target.ok_or_else(|| ServiceError::invalid("target", "not a ticket number"))?;
            let input = RelationInput {
                kind: p.field("kind").to_owned(),
                target: target.0,
            };
            add_relation(&p.state.ctx, actor, p.ticket()?, input).await.map(|_| ())
        })
        .await
}

/// `POST /tickets/{number}/relations/{relation}/remove`: unrelates.
pub async fn unrelate(posted: Posted) -> Response {
    posted
        .act("relate", "", async |p, actor| {
            let relation = p.path.get("relation").and_then(|r| r.parse().ok());
            let relation = relation.ok_or(ServiceError::NotFound("relation"))?;
            remove_relation(&p.state.ctx, actor, p.ticket()?, RelationId(relation)).await
        })
        .await
}

/// What a citation form names: `answer:ID` or `link:ID`.
fn citation_target(raw: &str) -> Result<CitationTarget, ServiceError> {
    let refused = || ServiceError::invalid("answer", "choose an answer or a portal link");
    let (kind, id) = raw.split_once(':').ok_or_else(refused)?;
    let id: i64 = id.parse().map_err(|_| refused())?;
    match kind {
        "answer" => Ok(CitationTarget::Answer(AnswerId(id))),
        "link" => Ok(CitationTarget::PortalLink(PortalLinkId(id))),
        _ => Err(refused()),
    }
}

/// `POST /tickets/{number}/citations`: cites an answer or a portal link.
pub async fn cite(posted: Posted) -> Response {
    posted
        .act("cite", "", async |p, actor| {
            let target = citation_target(p.field("target"))?;
            citations::cite(&p.state.ctx, actor, p.ticket()?, target)
                .await
                .map(|_| ())
        })
        .await
}

/// `POST /tickets/{number}/citations/remove`: removes a citation.
pub async fn uncite(posted: Posted) -> Response {
    posted
        .act("cite", "", async |p, actor| {
            let target = citation_target(p.field("target"))?;
            citations::uncite(&p.state.ctx, actor, p.ticket()?, target)
                .await
                .map(|_| ())
        })
        .await
}

/// `POST /tickets/{number}/subscription`: follow the ticket, or with
/// `follow=no` stop following it.
pub async fn subscription(posted: Posted) -> Response {
    posted
        .act("subscription", "", async |p, actor| {
            let id = p.ticket()?;
            if p.field("follow") == "no" {
                unsubscribe(&p.state.ctx, actor, id).await.map(|_| ())
            } else {
                subscribe(&p.state.ctx, actor, id).await.map(|_| ())
            }
        })
        .await
}

/// `POST /tickets/{number}/escalation`: the submitter's button, one level
/// up; back to the page with a notice of the level reached.
pub async fn escalate(posted: Posted) -> Response {
    posted
        .act("escalate", "", async |p, actor| {
            escalate_ticket(&p.state.ctx, actor, p.ticket()?).await
        })
        .await
}
