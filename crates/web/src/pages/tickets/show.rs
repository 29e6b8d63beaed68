//! `GET /tickets/{number}`: one ticket, with its thread (replies, internal
//! notes and solutions told apart), fields, history, relations and files.
//! A ticket the visitor may not see answers 404, like one that does not
//! exist; internal notes reach supporters only.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use guichet_domain::actor::{Actor, Author};
use guichet_domain::ids::{TicketId, UserId};
use guichet_domain::relation::{Relation, RelationKind};
use guichet_domain::ticket::Ticket;
use guichet_service::admin::named::{get_issue_type, get_vo};
use guichet_service::admin::sites::get_site;
use guichet_service::admin::units::get_unit;
use guichet_service::admin::users::get_user;
use guichet_service::attachments::attachments;
use guichet_service::tickets::read::{articles, history, relations, visible_ticket};
use guichet_service::{Context, TicketView};

use super::{moment, ticket_id};
use crate::WebState;
use crate::error::{WebError, WebResult, respond};
use crate::i18n::Tr;
use crate::layout::{Layout, render};
use crate::visit::Visit;

/// One message of the thread.
struct Message {
    /// `public-reply`, `internal-note` or `solution`: its class.
    class: String,
    /// Its kind, translated.
    kind: String,
    author: String,
    at: String,
    body: String,
}

/// One line of the history.
struct Change {
    author: String,
    at: String,
    text: String,
}

/// A related ticket.
struct Related {
    relation: String,
    number: i64,
    subject: String,
}

/// A file.
struct File {
    id: i64,
    name: String,
    size: String,
}

#[derive(Template)]
#[template(path = "tickets/show.html")]
struct TicketPage<'a> {
    layout: Layout<'a>,
    ticket: Ticket,
    status: String,
    priority: String,
    fields: Vec<(String, String)>,
    description: Message,
    thread: Vec<Message>,
    changes: Vec<Change>,
    related: Vec<Related>,
    files: Vec<File>,
}

/// The ticket page.
pub async fn show(State(state): State<WebState>, visit: Visit, Path(number): Path<String>) -> Response {
    let outcome = page(&state, &visit, &number).await;
    respond(&state, &visit, outcome)
}

async fn page(state: &WebState, visit: &Visit, number: &str) -> WebResult {
    let Some(actor) = visit.actor() else {
        return Err(WebError::SignInNeeded);
    };
    let ctx = &state.ctx;
    let id = ticket_id(number)?;
    let view = visible_ticket(ctx, &actor, id).await?;
    let mut names = Names::new(ctx, &actor);
    let layout = Layout::new(state, visit, "ticket-title");
    let tr = layout.tr;
    let ticket = view.ticket.clone();
    let description = Message {
        class: "description".into(),
        kind: tr.t("ticket-description"),
        author: view.submitter.name.clone(),
        at: moment(ticket.created_at),
        body: ticket.description.clone(),
    };
    let mut thread = Vec::new();
    for article in articles(ctx, &actor, id).await? {
        let class = article.kind.as_str().replace(' ', "-");
        thread.push(Message {
            kind: tr.label("kind", article.kind.as_str()),
            class,
            author: names
                .author(
                    &Author {
                        user: article.author,
                        reason: None,
                    },
                    &tr,
                )
                .await,
            at: moment(article.created_at),
            body: article.body,
        });
    }
    let mut changes = Vec::new();
    for entry in history(ctx, &actor, id).await? {
        let none = tr.t("ticket-none");
        let args = [
            ("field", entry.change.field.clone()),
            ("old", entry.change.old.clone().unwrap_or_else(|| none.clone())),
            ("new", entry.change.new.clone().unwrap_or(none)),
        ];
        let text = tr.t_args("ticket-history-change", &args);
        changes.push(Change {
            author: names.author(&entry.author, &tr).await,
            at: moment(entry.at),
            text,
        });
    }
    let related = related(ctx, &actor, id, &tr, relations(ctx, &actor, id).await?).await?;
    let files = attachments(ctx, &actor, id)
        .await?
        .into_iter()
        .map(|a| File {
            id: a.id.0,
            name: a.filename,
            size: size(a.size),
        })
        .collect();
    let fields = fields(ctx, &actor, &view, &tr, &mut names).await?;
    let title = tr.t1("ticket-title", "number", ticket.number());
    let page = TicketPage {
        layout: layout.titled(title),
        status: tr.label("status", ticket.status.as_str()),
        priority: tr.label("priority", ticket.priority.as_str()),
        ticket,
        fields,
        description,
        thread,
        changes,
        related,
        files,
    };
    Ok(render(state, visit, StatusCode::OK, &page))
}

/// The details column: who, where, what, for whom.
async fn fields(
    ctx: &Context,
    actor: &Actor,
    view: &TicketView,
    tr: &Tr<'_>,
    names: &mut Names<'_>,
) -> Result<Vec<(String, String)>, WebError> {
    let ticket = &view.ticket;
    let none = || tr.t("ticket-none");
    let mut fields = vec![
        (tr.t("ticket-submitter"), view.submitter.name.clone()),
        (tr.t("col-unit"), get_unit(ctx, ticket.unit).await?.name),
    ];
    let assignee = match ticket.assignee {
        Some(user) => names.user(user).await,
        None => none(),
    };
    fields.push((tr.t("ticket-assignee"), assignee));
    let site = match ticket.site {
        Some(site) => get_site(ctx, site).await?.name,
        None => none(),
    };
    fields.push((tr.t("ticket-site"), site));
    let vo = match ticket.vo {
        Some(vo) => get_vo(ctx, vo).await?.name,
        None => none(),
    };
    fields.push((tr.t("ticket-vo"), vo));
    let issue_type = match ticket.issue_type {
        Some(t) => get_issue_type(ctx, t).await?.name,
        None => none(),
    };
    fields.push((tr.t("ticket-type"), issue_type));
    if let Some(qualifier) = ticket.qualifier {
        fields.push((tr.t("col-status"), tr.label("qualifier", qualifier.as_str())));
    }
    let visibility = tr.t(&format!("visibility-{}", ticket.visibility.as_str()));
    fields.push((tr.t("ticket-visibility"), visibility));
    let notify = tr.label("notification", ticket.notification_mode.as_str());
    fields.push((tr.t("ticket-notification"), notify));
    if !ticket.cc.is_empty() && actor.role().is_supporter() {
        let cc: Vec<&str> = ticket.cc.iter().map(|e| e.as_str()).collect();
        fields.push((tr.t("ticket-cc"), cc.join(", ")));
    }
    if let Some(at) = ticket.occurred_at {
        fields.push((tr.t("ticket-occurred"), moment(at)));
    }
    fields.push((tr.t("col-created"), moment(ticket.created_at)));
    fields.push((tr.t("col-updated"), moment(ticket.updated_at)));
    Ok(fields)
}

/// The related tickets the visitor may see, each as seen from this one.
async fn related(
    ctx: &Context,
    actor: &Actor,
    id: TicketId,
    tr: &Tr<'_>,
    links: Vec<Relation>,
) -> Result<Vec<Related>, WebError> {
    let mut related = Vec::new();
    for link in links {
        let (other, message) = match (link.kind, link.from == id) {
            (RelationKind::CrossReference, true) => (link.to, "relation-cross-reference"),
            (RelationKind::CrossReference, false) => (link.from, "relation-cross-reference"),
            (RelationKind::ParentChild, true) => (link.to, "relation-parent"),
            (RelationKind::ParentChild, false) => (link.from, "relation-child"),
            (RelationKind::MasterSlave, true) => (link.to, "relation-master"),
            (RelationKind::MasterSlave, false) => (link.from, "relation-slave"),
        };
        let Ok(view) = visible_ticket(ctx, actor, other).await else {
            continue;
        };
        related.push(Related {
            relation: tr.t(message),
            number: view.ticket.number().0,
            subject: view.ticket.subject,
        });
    }
    Ok(related)
}

/// A size in bytes, as people read it.
fn size(bytes: i64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{:.1} kB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

/// People's names, looked up once each; requesters learn the names of no
/// one but themselves and the system.
struct Names<'a> {
    ctx: &'a Context,
    actor: &'a Actor,
    known: HashMap<UserId, String>,
}

impl<'a> Names<'a> {
    fn new(ctx: &'a Context, actor: &'a Actor) -> Self {
        Self {
            ctx,
            actor,
            known: HashMap::new(),
        }
    }

    async fn user(&mut self, id: UserId) -> String {
        if let Some(name) = self.known.get(&id) {
            return name.clone();
        }
        let name = match get_user(self.ctx, self.actor, id).await {
            Ok(user) => user.name,
            Err(_) => format!("#{id}"),
        };
        self.known.insert(id, name.clone());
        name
    }

    async fn author(&mut self, author: &Author, tr: &Tr<'_>) -> String {
        match (&author.user, &author.reason) {
            (Some(id), _) => self.user(*id).await,
            (None, Some(reason)) => format!("{} ({reason})", tr.t("ticket-system")),
            (None, None) => tr.t("ticket-system"),
        }
    }
}
