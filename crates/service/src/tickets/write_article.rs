//! Adding an article to a ticket's thread.

use guichet_domain::article::{Article, ArticleKind};
use guichet_domain::clock;
use guichet_domain::ids::TicketId;
use guichet_domain::status::Status;
use guichet_domain::text::NonBlank;
use guichet_domain::update::{status_after_article, system_status_change};
use guichet_store::{ChangeSet, NewArticle, Store, User};

use super::read::visible_ticket;
use super::{ATTEMPTS, commit_error, is_stale, record};
use crate::input::{ArticleInput, label_or};
use crate::{ServiceError, ServiceResult, actor_of};

/// Adds a public reply or an internal note. A submitter's reply to a ticket
/// waiting for them puts it back `in progress`.
pub async fn add_article(store: &dyn Store, user: &User, id: TicketId, input: ArticleInput) -> ServiceResult<Article> {
    let kind = label_or(input.kind.as_deref(), ArticleKind::PublicReply, ArticleKind::parse)?;
    if kind == ArticleKind::Solution {
        return Err(ServiceError::invalid(
            "kind",
            "a solution is given by setting the status to \"solved\" with a solution text",
        ));
    }
    let body = NonBlank::parse("body", &input.body)?.into_string();
    for attempt in 1..=ATTEMPTS {
        match try_add(store, user, id, kind, &body).await {
            Err(error) if is_stale(&error) && attempt < ATTEMPTS => continue,
            other => return other,
        }
    }
    Err(ServiceError::Conflict("the ticket kept changing; try again".into()))
}

async fn try_add(
    store: &dyn Store,
    user: &User,
    id: TicketId,
    kind: ArticleKind,
    body: &str,
) -> ServiceResult<Article> {
    let ticket = visible_ticket(store, user, id).await?.ticket;
    let actor = actor_of(user);
    if !user.role.is_supporter() && (kind != ArticleKind::PublicReply || !actor.is_submitter_of(&ticket)) {
        return Err(ServiceError::Forbidden(
            "requesters may only add public replies to their own tickets".into(),
        ));
    }
    if matches!(ticket.status, Status::Verified | Status::Closed) {
        return Err(ServiceError::Conflict(format!(
            "ticket #{} is {}; open a new ticket that references it",
            ticket.number(),
            ticket.status
        )));
    }
    let now = clock::now();
    let article = NewArticle {
        ticket: id,
        kind,
        body: body.to_owned(),
        author: actor.user,
        created_at: now,
    };
    let mut changes = ChangeSet {
        articles: vec![article.clone()],
        ..Default::default()
    };
    if let Some(status) = status_after_article(&ticket, &actor, kind) {
        let resumed = system_status_change(&ticket, status, None, now)?;
        record(&mut changes, &ticket, resumed, actor.user, now);
    }
    let committed = store.commit(changes).await.map_err(commit_error)?;
    let article_id = committed
        .articles
        .first()
        .copied()
        .ok_or(ServiceError::NotFound("article"))?;
    Ok(Article {
        id: article_id,
        ticket: id,
        kind,
        body: article.body,
        author: article.author,
        created_at: now,
    })
}
