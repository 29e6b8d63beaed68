//! The parts of a ticket's page: its thread, history, details, relations
//! and files, as the page shows them.

use std::collections::HashMap;

use guichet_domain::actor::{Actor, Author};
use guichet_domain::ids::{TicketId, UserId};
use guichet_domain::relation::{Relation, RelationKind};
use guichet_service::admin::named::{get_issue_type, get_vo};
use guichet_service::admin::sites::get_site;
use guichet_service::admin::units::get_unit;
use guichet_service::admin::users::get_user;
use guichet_service::tickets::read::visible_ticket;
use guichet_service::{Attachment, Context, TicketView};

use crate::error::WebError;
use crate::i18n::Tr;

/// One message of the thread.
pub struct Message {
    /// `public-reply`, `internal-note` or `solution`: its class.
    pub class: String,
    /// Its kind, translated.
    pub kind: String,
    /// Who wrote it.
    pub author: String,
    /// When.
    pub at: String,
    /// The text, verbatim, in parts: the writer's own words shown, quoted
    /// mail and signatures folded.
    pub parts: Vec<Part>,
    /// The HTML a mail came with, sanitised, shown instead of the text.
    pub html: Option<String>,
    /// The files sent with it.
    pub files: Vec<File>,
}

/// A part of a message's text.
pub struct Part {
    /// `text`, `quote` or `signature`.
    pub class: &'static str,
    /// What a folded part is called, translated; empty for the text.
    pub label: String,
    /// Its lines, verbatim.
    pub text: String,
}

/// `body` in parts, by the quote and signature rules of the mail gateway:
/// nothing is dropped, quotes and signatures are only folded.
pub fn parts(body: &str, tr: &Tr<'_>) -> Vec<Part> {
    use guichet_domain::mail::quotes::{Segment, fold};
    fold(body)
        .into_iter()
        .map(|segment| match segment {
            Segment::Text(text) => Part {
                class: "text",
                label: String::new(),
                text,
            },
            Segment::Quote { attribution, body } => Part {
                class: "quote",
                label: tr.t("thread-quoted"),
                text: attribution.unwrap_or_default() + &body,
            },
            Segment::Signature(text) => Part {
                class: "signature",
                label: tr.t("thread-signature"),
                text,
            },
        })
        .collect()
}

/// One line of the history.
pub struct Change {
    /// Who made it, or the system and why.
    pub author: String,
    /// When.
    pub at: String,
    /// The field, its old and its new value.
    pub text: String,
}

/// A related ticket.
pub struct Related {
    /// The relation's id, to remove it.
    pub id: i64,
    /// How it relates to this ticket, translated.
    pub relation: String,
    /// Its number.
    pub number: i64,
    /// Its subject.
    pub subject: String,
}

/// A file.
pub struct File {
    /// Its id, for the download link.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its size, as people read it.
    pub size: String,
}

/// The details column: who, where, what, for whom.
pub async fn fields(
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
        fields.push((tr.t("ticket-occurred"), tr.moment(at)));
    }
    fields.push((tr.t("col-created"), tr.moment(ticket.created_at)));
    fields.push((tr.t("col-updated"), tr.moment(ticket.updated_at)));
    Ok(fields)
}

/// The related tickets the visitor may see, each as seen from this one.
pub async fn related(
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
            id: link.id.0,
            relation: tr.t(message),
            number: view.ticket.number().0,
            subject: view.ticket.subject,
        });
    }
    Ok(related)
}

/// A size in bytes, as people read it.
pub fn size(bytes: i64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{:.1} kB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

/// The thread: the description first, then the articles the viewer may
/// read, each with the files of `attached` that were sent with it.
pub async fn thread(
    ctx: &Context,
    actor: &Actor,
    view: &TicketView,
    attached: &[Attachment],
    tr: &Tr<'_>,
    names: &mut Names<'_>,
) -> Result<Vec<Message>, WebError> {
    let ticket = &view.ticket;
    let mut thread = vec![Message {
        class: "description".into(),
        kind: tr.t("ticket-description"),
        author: view.submitter.name.clone(),
        at: tr.moment(ticket.created_at),
        parts: parts(&ticket.description, tr),
        html: guichet_service::tickets::read::description_html(ctx, actor, ticket.id)
            .await?
            .as_deref()
            .map(crate::sanitise::mail_html),
        files: Vec::new(),
    }];
    for article in guichet_service::tickets::read::articles(ctx, actor, ticket.id).await? {
        let author = Author {
            user: article.author,
            reason: None,
        };
        thread.push(Message {
            class: article.kind.as_str().replace(' ', "-"),
            kind: tr.label("kind", article.kind.as_str()),
            author: names.author(&author, tr).await,
            at: tr.moment(article.created_at),
            parts: parts(&article.body, tr),
            html: article.html.as_deref().map(crate::sanitise::mail_html),
            files: files(attached.iter().filter(|a| a.article == Some(article.id))),
        });
    }
    Ok(thread)
}

/// `attached`, as the page lists them.
pub fn files<'a>(attached: impl IntoIterator<Item = &'a Attachment>) -> Vec<File> {
    attached
        .into_iter()
        .map(|a| File {
            id: a.id.0,
            name: a.filename.clone(),
            size: size(a.size),
        })
        .collect()
}

/// People's names, looked up once each; requesters learn the names of no
/// one but themselves and the system.
pub struct Names<'a> {
    ctx: &'a Context,
    actor: &'a Actor,
    known: HashMap<UserId, String>,
}

impl<'a> Names<'a> {
    pub fn new(ctx: &'a Context, actor: &'a Actor) -> Self {
        Self {
            ctx,
            actor,
            known: HashMap::new(),
        }
    }

    pub async fn user(&mut self, id: UserId) -> String {
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

    pub async fn author(&mut self, author: &Author, tr: &Tr<'_>) -> String {
        match (&author.user, &author.reason) {
            (Some(id), _) => self.user(*id).await,
            (None, Some(reason)) => format!("{} ({reason})", tr.t("ticket-system")),
            (None, None) => tr.t("ticket-system"),
        }
    }
}
