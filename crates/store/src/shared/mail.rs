//! The mail gateway's rows: the Message-IDs replies are threaded by, the
//! HTML of an opening mail, and the outbox of notifications.

use std::time::Duration;

use chrono::{DateTime, Utc};

use guichet_domain::ids::{ArticleId, ChangeId, TicketId, UserId};

use super::changes::Resolver;
use super::{Db, SqlStore, dialect};
use crate::{
    ChangeSet, KnownMessage, MailOutcome, MailState, NewOutgoingMail, OutgoingMail, Stamp, StoreError, StoreResult,
};

type Tx<'a> = sqlx::Transaction<'a, Db>;

/// The outbox's columns, in [`OutboxRow`]'s order.
pub const OUTBOX_COLUMNS: &str = "id, change_id, recipient, ticket_id, message_id, message, state, attempts, \
                                  next_attempt_at, last_error, created_at, finished_at";

/// An outbox row as read.
#[derive(sqlx::FromRow)]
pub struct OutboxRow {
    id: i64,
    change_id: i64,
    recipient: String,
    ticket_id: Option<i64>,
    message_id: String,
    message: Vec<u8>,
    state: String,
    attempts: i32,
    next_attempt_at: Stamp,
    last_error: Option<String>,
    created_at: Stamp,
    finished_at: Option<Stamp>,
}

impl TryFrom<OutboxRow> for OutgoingMail {
    type Error = StoreError;

    fn try_from(row: OutboxRow) -> StoreResult<Self> {
        let state = MailState::from_db(&row.state)
            .ok_or_else(|| StoreError::Malformed(format!("unknown outbox state {:?}", row.state)))?;
        Ok(Self {
            id: row.id,
            change: ChangeId(row.change_id),
            recipient: row.recipient,
            ticket: row.ticket_id.map(TicketId),
            message_id: row.message_id,
            message: row.message,
            state,
            attempts: row.attempts,
            next_attempt_at: row.next_attempt_at.0,
            last_error: row.last_error,
            created_at: row.created_at.0,
            finished_at: row.finished_at.map(|s| s.0),
        })
    }
}

/// Writes a change's Message-IDs and its opening mail's HTML.
pub async fn write_mail_parts(
    tx: &mut Tx<'_>,
    change: &ChangeSet,
    resolver: &Resolver,
    articles: &[ArticleId],
) -> StoreResult<()> {
    let mut rows = Vec::with_capacity(change.message_ids.len());
    for known in &change.message_ids {
        let article = match known.article {
            Some(i) => Some(articles.get(i).ok_or_else(|| {
                StoreError::Malformed(format!("a Message-ID names new article {i}, which the change lacks"))
            })?),
            None => None,
        };
        rows.push((
            known.message_id.as_str(),
            resolver.ticket(known.ticket)?,
            article.map(|a| a.0),
        ));
    }
    insert_message_ids(tx, &rows, change.at).await?;
    if let Some(html) = &change.description_html {
        sqlx::query("INSERT INTO ticket_description_html (ticket_id, body_html) VALUES ($1, $2)")
            .bind(resolver.ticket(TicketId::NEW)?.0)
            .bind(html)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Inserts a change's Message-IDs (not notifications'), a few multi-row
/// statements for any number: an import stores one per message.
async fn insert_message_ids(
    tx: &mut Tx<'_>,
    rows: &[(&str, TicketId, Option<i64>)],
    at: DateTime<Utc>,
) -> StoreResult<()> {
    for run in crate::shapes::in_cached_shapes(rows) {
        let mut q = sqlx::QueryBuilder::<Db>::new(
            "INSERT INTO mail_message_ids (message_id, ticket_id, article_id, internal, created_at) ",
        );
        q.push_values(run, |mut row, (message_id, ticket, article)| {
            row.push_bind(*message_id)
                .push_bind(ticket.0)
                .push_bind(*article)
                .push_bind(false)
                .push_bind(Stamp(at));
        });
        q.push(" ON CONFLICT (message_id) DO NOTHING");
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

async fn insert_message_id(
    tx: &mut Tx<'_>,
    message_id: &str,
    ticket: TicketId,
    article: Option<i64>,
    internal: bool,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO mail_message_ids (message_id, ticket_id, article_id, internal, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (message_id) DO NOTHING",
    )
    .bind(message_id)
    .bind(ticket.0)
    .bind(article)
    .bind(internal)
    .bind(Stamp(at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The first of `message_ids` that Guichet knows, in one query: its
/// ticket, and whether it was a notification that showed internal notes.
pub async fn known_message(db: &SqlStore, message_ids: &[String]) -> StoreResult<Option<KnownMessage>> {
    if message_ids.is_empty() {
        return Ok(None);
    }
    let mut query = sqlx::QueryBuilder::<Db>::new(
        "SELECT message_id, ticket_id, internal FROM mail_message_ids WHERE message_id IN (",
    );
    let mut list = query.separated(", ");
    for message_id in message_ids {
        list.push_bind(message_id);
    }
    query.push(")");
    let found: Vec<(String, i64, bool)> = query.build_query_as().fetch_all(&db.read).await?;
    Ok(message_ids.iter().find_map(|wanted| {
        found
            .iter()
            .find(|(id, _, _)| id == wanted)
            .map(|(_, ticket, internal)| KnownMessage {
                ticket: TicketId(*ticket),
                internal: *internal,
            })
    }))
}

/// How many articles `author` added to `ticket` since `since`, counted up
/// to `at_most`; without a ticket, how many tickets they opened since then.
pub async fn messages_since(
    db: &SqlStore,
    author: UserId,
    ticket: Option<TicketId>,
    since: DateTime<Utc>,
    at_most: i64,
) -> StoreResult<i64> {
    let count = match ticket {
        Some(ticket) => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM (SELECT 1 FROM articles WHERE ticket_id = $1 AND author_id = $2 \
                 AND created_at >= $3 LIMIT $4) AS recent",
            )
            .bind(ticket.0)
            .bind(author.0)
            .bind(Stamp(since))
            .bind(at_most)
            .fetch_one(&db.read)
            .await?
        }
        None => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM (SELECT 1 FROM tickets WHERE submitter_id = $1 AND updated_at >= $2 \
                 AND created_at >= $2 LIMIT $3) AS recent",
            )
            .bind(author.0)
            .bind(Stamp(since))
            .bind(at_most)
            .fetch_one(&db.read)
            .await?
        }
    };
    Ok(count)
}

/// The first Message-ID known for `ticket`: the mail that opened it, or
/// its first notification.
pub async fn ticket_message_root(db: &SqlStore, ticket: TicketId) -> StoreResult<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT message_id FROM mail_message_ids WHERE ticket_id = $1 ORDER BY created_at, message_id LIMIT 1",
    )
    .bind(ticket.0)
    .fetch_optional(&db.read)
    .await?)
}

/// The HTML of the mail that opened `ticket`, if a mail did.
pub async fn description_html(db: &SqlStore, ticket: TicketId) -> StoreResult<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT body_html FROM ticket_description_html WHERE ticket_id = $1")
            .bind(ticket.0)
            .fetch_optional(&db.read)
            .await?,
    )
}

/// Queues notifications, each once per change and recipient, and records
/// their Message-IDs with their tickets; returns how many were new.
pub async fn enqueue_mail(db: &SqlStore, mails: &[NewOutgoingMail]) -> StoreResult<u64> {
    let mut tx = db.write.begin().await?;
    let mut queued = 0;
    for mail in mails {
        let inserted = sqlx::query(
            "INSERT INTO mail_outbox (change_id, recipient, ticket_id, message_id, message, next_attempt_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (change_id, recipient) DO NOTHING",
        )
        .bind(mail.change.0)
        .bind(&mail.recipient)
        .bind(mail.ticket.map(|t| t.0))
        .bind(&mail.message_id)
        .bind(&mail.message)
        .bind(Stamp(mail.at))
        .execute(&mut *tx)
        .await?;
        queued += inserted.rows_affected();
        if let Some(ticket) = mail.ticket {
            insert_message_id(&mut tx, &mail.message_id, ticket, None, mail.internal, mail.at).await?;
        }
    }
    tx.commit().await?;
    db.signal_mail();
    Ok(queued)
}

/// Leases up to `limit` notifications due at `now` to `owner`, for `lease`
/// by the database's clock.
pub async fn claim_mail(
    db: &SqlStore,
    owner: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: i64,
) -> StoreResult<Vec<OutgoingMail>> {
    let rows: Vec<OutboxRow> = sqlx::query_as(&dialect::claim_mail())
        .bind(owner)
        .bind(Stamp(now))
        .bind(lease.as_secs_f64())
        .bind(limit)
        .fetch_all(&db.write)
        .await?;
    let mut mails: Vec<OutgoingMail> = rows.into_iter().map(OutgoingMail::try_from).collect::<Result<_, _>>()?;
    mails.sort_by_key(|m| m.id);
    Ok(mails)
}

/// Records how an attempt ended, if `owner` still holds the mail's lease.
pub async fn finish_mail(
    db: &SqlStore,
    id: i64,
    owner: &str,
    at: DateTime<Utc>,
    outcome: &MailOutcome,
) -> StoreResult<bool> {
    let (state, error, next) = match outcome {
        MailOutcome::Sent => (MailState::Sent, None, None),
        MailOutcome::Retry { error, at } => (MailState::Pending, Some(error.as_str()), Some(*at)),
        MailOutcome::Failed { error } => (MailState::Failed, Some(error.as_str()), None),
    };
    let finished = (state != MailState::Pending).then_some(Stamp(at));
    let done = sqlx::query(
        "UPDATE mail_outbox SET state = $3, attempts = attempts + 1, last_error = $4, \
         next_attempt_at = COALESCE($5, next_attempt_at), finished_at = $6, lease_owner = NULL, lease_until = NULL \
         WHERE id = $1 AND lease_owner = $2",
    )
    .bind(id)
    .bind(owner)
    .bind(state.as_str())
    .bind(error)
    .bind(next.map(Stamp))
    .bind(finished)
    .execute(&db.write)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The outbox, oldest first: `ticket`'s mails only if given.
pub async fn outbox(db: &SqlStore, ticket: Option<TicketId>) -> StoreResult<Vec<OutgoingMail>> {
    let sql = format!("SELECT {OUTBOX_COLUMNS} FROM mail_outbox WHERE ($1 IS NULL OR ticket_id = $1) ORDER BY id");
    let rows: Vec<OutboxRow> = sqlx::query_as(&sql)
        .bind(ticket.map(|t| t.0))
        .fetch_all(&db.read)
        .await?;
    rows.into_iter().map(OutgoingMail::try_from).collect()
}
