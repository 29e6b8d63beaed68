//! The knowledge base and the portal: answers with their search
//! documents, categories, portal links and tickets' citations.

use chrono::{DateTime, Utc};

use guichet_domain::ids::{AnswerId, CategoryId, PortalLinkId, TicketId, UserId};
use guichet_domain::knowledge::{
    Answer, AnswerTexts, AnswerVisibility, Bilingual, Category, CitationTarget, PortalLink, PortalLinkKind,
};
use guichet_domain::search::normalise::Tokeniser;

use super::search::{IndexedDoc, write_docs};
use super::{Db, SqlStore, dialect};
use crate::{
    AnswerFilter, AnswerInput, Citation, NewAnswer, PortalLinkInput, SearchDoc, Stamp, StoreError, StoreResult,
};

/// A connection of this backend, inside a transaction or not.
type Conn = <Db as sqlx::Database>::Connection;

const ANSWER_COLUMNS: &str = "id, category_id, unit_id, visibility, title_en, body_en, title_fr, body_fr, \
     source_ticket_id, author_id, created_at, updated_at";

#[derive(sqlx::FromRow)]
struct AnswerRow {
    id: i64,
    category_id: Option<i64>,
    unit_id: Option<i64>,
    visibility: String,
    title_en: String,
    body_en: String,
    title_fr: String,
    body_fr: String,
    source_ticket_id: Option<i64>,
    author_id: i64,
    created_at: Stamp,
    updated_at: Stamp,
}

impl AnswerRow {
    fn into_answer(self) -> StoreResult<Answer> {
        Ok(Answer {
            id: AnswerId(self.id),
            category: self.category_id.map(CategoryId),
            unit: self.unit_id.map(guichet_domain::ids::UnitId),
            visibility: AnswerVisibility::parse(&self.visibility)?,
            texts: AnswerTexts {
                title: Bilingual {
                    en: self.title_en,
                    fr: self.title_fr,
                },
                body: Bilingual {
                    en: self.body_en,
                    fr: self.body_fr,
                },
            },
            source_ticket: self.source_ticket_id.map(TicketId),
            author: UserId(self.author_id),
            created_at: self.created_at.0,
            updated_at: self.updated_at.0,
        })
    }
}

/// An answer's search document: its titles, then its bodies.
fn answer_doc(id: AnswerId, texts: &AnswerTexts) -> IndexedDoc {
    let mut tokeniser = Tokeniser::new();
    let mut title = String::new();
    tokeniser.push_text(&mut title, &texts.title.en);
    tokeniser.push_text(&mut title, &texts.title.fr);
    let mut body = String::new();
    tokeniser.push_text(&mut body, &texts.body.en);
    tokeniser.push_text(&mut body, &texts.body.fr);
    IndexedDoc {
        id: SearchDoc::Answer(id).id(),
        title,
        body,
    }
}

/// The title and texts an answer's search hit shows: its English title
/// (else its French one), then its other title and its bodies.
pub fn answer_hit_texts(texts: &AnswerTexts) -> (String, Vec<String>) {
    let (title, other) = if texts.title.en.is_empty() {
        (&texts.title.fr, &texts.title.en)
    } else {
        (&texts.title.en, &texts.title.fr)
    };
    let shown = [other, &texts.body.en, &texts.body.fr]
        .into_iter()
        .filter(|t| !t.is_empty())
        .cloned()
        .collect();
    (title.clone(), shown)
}

/// The answers of `ids`, read on `conn`.
pub async fn answers_of(conn: &mut Conn, ids: &[i64]) -> StoreResult<Vec<Answer>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = sqlx::QueryBuilder::<Db>::new(format!("SELECT {ANSWER_COLUMNS} FROM kb_answers WHERE id IN ("));
    let mut list = q.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    q.push(")");
    let rows: Vec<AnswerRow> = q.build_query_as().fetch_all(&mut *conn).await?;
    rows.into_iter().map(AnswerRow::into_answer).collect()
}

pub async fn categories(db: &SqlStore) -> StoreResult<Vec<Category>> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, name_en, name_fr FROM kb_categories ORDER BY name_en, name_fr, id")
            .fetch_all(&db.read)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, en, fr)| Category {
            id: CategoryId(id),
            name: Bilingual { en, fr },
        })
        .collect())
}

pub async fn create_category(db: &SqlStore, name: &Bilingual) -> StoreResult<Category> {
    let id: i64 = sqlx::query_scalar("INSERT INTO kb_categories (name_en, name_fr) VALUES ($1, $2) RETURNING id")
        .bind(&name.en)
        .bind(&name.fr)
        .fetch_one(&db.write)
        .await?;
    Ok(Category {
        id: CategoryId(id),
        name: name.clone(),
    })
}

pub async fn rename_category(db: &SqlStore, id: CategoryId, name: &Bilingual) -> StoreResult<Category> {
    let done = sqlx::query("UPDATE kb_categories SET name_en = $1, name_fr = $2 WHERE id = $3")
        .bind(&name.en)
        .bind(&name.fr)
        .bind(id.0)
        .execute(&db.write)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("category"));
    }
    Ok(Category { id, name: name.clone() })
}

pub async fn delete_category(db: &SqlStore, id: CategoryId) -> StoreResult<()> {
    let done = sqlx::query("DELETE FROM kb_categories WHERE id = $1")
        .bind(id.0)
        .execute(&db.write)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("category"));
    }
    Ok(())
}

/// `NotFound` naming what `input` refers to that does not exist.
async fn check_refs(conn: &mut Conn, input: &AnswerInput) -> StoreResult<()> {
    if let Some(category) = input.category {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM kb_categories WHERE id = $1")
            .bind(category.0)
            .fetch_optional(&mut *conn)
            .await?;
        found.ok_or(StoreError::NotFound("category"))?;
    }
    if let Some(unit) = input.unit {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM units WHERE id = $1")
            .bind(unit.0)
            .fetch_optional(&mut *conn)
            .await?;
        found.ok_or(StoreError::NotFound("unit"))?;
    }
    Ok(())
}

pub async fn create_answer(db: &SqlStore, answer: NewAnswer) -> StoreResult<Answer> {
    let mut tx = db.write.begin().await?;
    check_refs(&mut tx, &answer.input).await?;
    let texts = &answer.input.texts;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO kb_answers (category_id, unit_id, visibility, title_en, body_en, title_fr, body_fr, \
         source_ticket_id, author_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(answer.input.category.map(|c| c.0))
    .bind(answer.input.unit.map(|u| u.0))
    .bind(answer.input.visibility.as_str())
    .bind(&texts.title.en)
    .bind(&texts.body.en)
    .bind(&texts.title.fr)
    .bind(&texts.body.fr)
    .bind(answer.source_ticket.map(|t| t.0))
    .bind(answer.author.0)
    .bind(Stamp(answer.at))
    .fetch_one(&mut *tx)
    .await?;
    let id = AnswerId(id);
    write_docs(&mut tx, &[answer_doc(id, texts)], true).await?;
    if let Some(ticket) = answer.source_ticket {
        insert_citation(&mut tx, ticket, CitationTarget::Answer(id), answer.author, answer.at).await?;
    }
    tx.commit().await?;
    self::answer(db, id).await
}

pub async fn answer(db: &SqlStore, id: AnswerId) -> StoreResult<Answer> {
    let mut conn = db.read.acquire().await?;
    answers_of(&mut conn, &[id.0])
        .await?
        .pop()
        .ok_or(StoreError::NotFound("answer"))
}

pub async fn answers(db: &SqlStore, filter: &AnswerFilter) -> StoreResult<Vec<Answer>> {
    let mut q = sqlx::QueryBuilder::<Db>::new(format!("SELECT {ANSWER_COLUMNS} FROM kb_answers WHERE 1 = 1"));
    if let Some(unit) = filter.unit {
        q.push(" AND unit_id = ").push_bind(unit.0);
    }
    if let Some(category) = filter.category {
        q.push(" AND category_id = ").push_bind(category.0);
    }
    if filter.public_only {
        q.push(" AND visibility = ")
            .push_bind(AnswerVisibility::Public.as_str());
    }
    q.push(" ORDER BY id");
    let rows: Vec<AnswerRow> = q.build_query_as().fetch_all(&db.read).await?;
    rows.into_iter().map(AnswerRow::into_answer).collect()
}

pub async fn update_answer(db: &SqlStore, id: AnswerId, input: AnswerInput, at: DateTime<Utc>) -> StoreResult<Answer> {
    let mut tx = db.write.begin().await?;
    check_refs(&mut tx, &input).await?;
    let texts = &input.texts;
    let done = sqlx::query(
        "UPDATE kb_answers SET category_id = $1, unit_id = $2, visibility = $3, title_en = $4, body_en = $5, \
         title_fr = $6, body_fr = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(input.category.map(|c| c.0))
    .bind(input.unit.map(|u| u.0))
    .bind(input.visibility.as_str())
    .bind(&texts.title.en)
    .bind(&texts.body.en)
    .bind(&texts.title.fr)
    .bind(&texts.body.fr)
    .bind(Stamp(at))
    .bind(id.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("answer"));
    }
    write_docs(&mut tx, &[answer_doc(id, texts)], true).await?;
    tx.commit().await?;
    self::answer(db, id).await
}

pub async fn delete_answer(db: &SqlStore, id: AnswerId) -> StoreResult<()> {
    let mut tx = db.write.begin().await?;
    sqlx::query("DELETE FROM ticket_citations WHERE answer_id = $1")
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
    let done = sqlx::query("DELETE FROM kb_answers WHERE id = $1")
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("answer"));
    }
    sqlx::query(dialect::search::DELETE_DOC)
        .bind(SearchDoc::Answer(id).id())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

const LINK_COLUMNS: &str = "id, kind, url, label_en, label_fr, position";

type LinkRow = (i64, String, String, String, String, i64);

fn link_of((id, kind, url, en, fr, position): LinkRow) -> StoreResult<PortalLink> {
    Ok(PortalLink {
        id: PortalLinkId(id),
        kind: PortalLinkKind::parse(&kind)?,
        url,
        label: Bilingual { en, fr },
        position,
    })
}

pub async fn portal_links(db: &SqlStore) -> StoreResult<Vec<PortalLink>> {
    let rows: Vec<LinkRow> = sqlx::query_as(&format!(
        "SELECT {LINK_COLUMNS} FROM portal_links ORDER BY position, id"
    ))
    .fetch_all(&db.read)
    .await?;
    rows.into_iter().map(link_of).collect()
}

pub async fn portal_link(db: &SqlStore, id: PortalLinkId) -> StoreResult<PortalLink> {
    let row: LinkRow = sqlx::query_as(&format!("SELECT {LINK_COLUMNS} FROM portal_links WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&db.read)
        .await?
        .ok_or(StoreError::NotFound("portal link"))?;
    link_of(row)
}

pub async fn create_portal_link(db: &SqlStore, link: PortalLinkInput) -> StoreResult<PortalLink> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO portal_links (kind, url, label_en, label_fr, position) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(link.kind.as_str())
    .bind(&link.url)
    .bind(&link.label.en)
    .bind(&link.label.fr)
    .bind(link.position)
    .fetch_one(&db.write)
    .await?;
    portal_link(db, PortalLinkId(id)).await
}

pub async fn update_portal_link(db: &SqlStore, id: PortalLinkId, link: PortalLinkInput) -> StoreResult<PortalLink> {
    let done = sqlx::query(
        "UPDATE portal_links SET kind = $1, url = $2, label_en = $3, label_fr = $4, position = $5 WHERE id = $6",
    )
    .bind(link.kind.as_str())
    .bind(&link.url)
    .bind(&link.label.en)
    .bind(&link.label.fr)
    .bind(link.position)
    .bind(id.0)
    .execute(&db.write)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("portal link"));
    }
    portal_link(db, id).await
}

pub async fn delete_portal_link(db: &SqlStore, id: PortalLinkId) -> StoreResult<()> {
    let mut tx = db.write.begin().await?;
    sqlx::query("DELETE FROM ticket_citations WHERE portal_link_id = $1")
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
    let done = sqlx::query("DELETE FROM portal_links WHERE id = $1")
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound("portal link"));
    }
    tx.commit().await?;
    Ok(())
}

/// The column and value of a citation's target.
fn target_column(target: CitationTarget) -> (&'static str, i64) {
    match target {
        CitationTarget::Answer(id) => ("answer_id", id.0),
        CitationTarget::PortalLink(id) => ("portal_link_id", id.0),
    }
}

/// Inserts a citation unless it exists; whether it was new.
async fn insert_citation(
    conn: &mut Conn,
    ticket: TicketId,
    target: CitationTarget,
    by: UserId,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let (column, value) = target_column(target);
    let done = sqlx::query(&format!(
        "INSERT INTO ticket_citations (ticket_id, {column}, created_by, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING"
    ))
    .bind(ticket.0)
    .bind(value)
    .bind(by.0)
    .bind(Stamp(at))
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn cite(
    db: &SqlStore,
    ticket: TicketId,
    target: CitationTarget,
    by: UserId,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let mut tx = db.write.begin().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM tickets WHERE id = $1")
        .bind(ticket.0)
        .fetch_optional(&mut *tx)
        .await?;
    exists.ok_or(StoreError::NotFound("ticket"))?;
    let (table, what) = match target {
        CitationTarget::Answer(_) => ("kb_answers", "answer"),
        CitationTarget::PortalLink(_) => ("portal_links", "portal link"),
    };
    let exists: Option<i64> = sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE id = $1"))
        .bind(target_column(target).1)
        .fetch_optional(&mut *tx)
        .await?;
    exists.ok_or(StoreError::NotFound(what))?;
    let new = insert_citation(&mut tx, ticket, target, by, at).await?;
    tx.commit().await?;
    Ok(new)
}

pub async fn uncite(db: &SqlStore, ticket: TicketId, target: CitationTarget) -> StoreResult<bool> {
    let (column, value) = target_column(target);
    let done = sqlx::query(&format!(
        "DELETE FROM ticket_citations WHERE ticket_id = $1 AND {column} = $2"
    ))
    .bind(ticket.0)
    .bind(value)
    .execute(&db.write)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn citations(db: &SqlStore, ticket: TicketId) -> StoreResult<Vec<Citation>> {
    let rows: Vec<(Option<i64>, Option<i64>, i64, Stamp)> = sqlx::query_as(
        "SELECT answer_id, portal_link_id, created_by, created_at FROM ticket_citations \
         WHERE ticket_id = $1 ORDER BY id",
    )
    .bind(ticket.0)
    .fetch_all(&db.read)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(answer, link, by, at)| {
            let target = match (answer, link) {
                (Some(answer), _) => CitationTarget::Answer(AnswerId(answer)),
                (None, Some(link)) => CitationTarget::PortalLink(PortalLinkId(link)),
                (None, None) => return None,
            };
            Some(Citation {
                ticket,
                target,
                created_by: UserId(by),
                created_at: at.0,
            })
        })
        .collect())
}

pub async fn citing_tickets(db: &SqlStore, answer: AnswerId) -> StoreResult<Vec<TicketId>> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT ticket_id FROM ticket_citations WHERE answer_id = $1 ORDER BY ticket_id")
            .bind(answer.0)
            .fetch_all(&db.read)
            .await?;
    Ok(ids.into_iter().map(TicketId).collect())
}
