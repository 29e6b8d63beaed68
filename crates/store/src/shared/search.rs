//! The search index: writing a ticket's documents in the transaction that
//! changes its text, and searching them.
//!
//! The statements are shared; the index itself is each backend's own
//! (`dialect::search`): an FTS5 table on SQLite, a `tsvector` column with
//! a GIN index on PostgreSQL. Both hold the same tokens, made here by
//! [`guichet_domain::search::normalise`], so both find the same documents.
//!
//! Ranking reads the [`CANDIDATES`] newest matching documents (past the
//! filters and permissions) and orders them by relevance: a word found in
//! a hundred thousand tickets costs what a rare one does, and a common
//! word's best matches are the recent ones. A rarer query is ranked whole.
//! Where the index yields matches in no order (PostgreSQL's GIN), the
//! matches are counted first, and past [`COUNT_LIMIT`] the newest are
//! looked for in widening windows of the newest documents.
//! Where the relevance itself reads every document of each word (SQLite's
//! bm25), a query with a word in [`STATISTICS_CAP`] documents or more has
//! those newest matches ordered by how many of its words their title has.

use std::collections::HashMap;

use sqlx::QueryBuilder;

use guichet_domain::article::ArticleKind;
use guichet_domain::ids::TicketId;
use guichet_domain::knowledge::AnswerVisibility;
use guichet_domain::search::normalise::Tokeniser;
use guichet_domain::search::{MatchQuery, MatchTerm};
use guichet_domain::status::{Qualifier, Status};
use guichet_domain::ticket::Visibility;

use super::{Db, SqlStore, dialect};
use crate::code::Code;
use crate::{
    ANSWER_DOCS, Page, SearchDoc, SearchFilter, SearchHit, SearchRequest, SearchViewer, SimilarHit, Stamp, StoreResult,
};

/// A connection of this backend, inside a transaction or not.
type Conn = <Db as sqlx::Database>::Connection;

/// How many of the newest matching documents are ranked (at least; a deep
/// page reads as many as it needs).
pub const CANDIDATES: i64 = 250;

/// The score of a ticket named by its number: above any match's (bm25 and
/// `ts_rank` stay far below).
const NAMED_SCORE: f64 = 1e9;

/// Matches are counted exactly up to this many: past it, counting costs
/// more than ranking (measured on a million tickets).
const COUNT_LIMIT: i64 = 1_000;

/// Tickets read at once when their documents are rewritten.
const REINDEX_CHUNK: usize = 500;

/// A document as the index stores it: tokens, space-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedDoc {
    /// Its index id ([`SearchDoc::id`]).
    pub id: i64,
    /// The tokens of its title.
    pub title: String,
    /// The tokens of its body.
    pub body: String,
}

/// The texts of a ticket its documents are made of.
#[derive(Debug, Clone, Default)]
pub struct TicketTexts {
    /// The subject.
    pub subject: String,
    /// The description, then the replies and solutions, oldest first.
    pub public: Vec<String>,
    /// The internal notes, oldest first.
    pub notes: Vec<String>,
}

impl TicketTexts {
    /// Files an article's body with the public texts or the notes.
    pub fn add_article(&mut self, kind: ArticleKind, body: String) {
        match kind {
            ArticleKind::InternalNote => self.notes.push(body),
            ArticleKind::PublicReply | ArticleKind::Solution => self.public.push(body),
        }
    }

    /// The ticket's documents: always its public one, and its notes' if it
    /// has notes.
    pub fn docs(&self, ticket: TicketId, tokeniser: &mut Tokeniser) -> Vec<IndexedDoc> {
        let title = tokeniser.text(&self.subject);
        let body = |texts: &[String], tokeniser: &mut Tokeniser| {
            let mut body = String::new();
            for text in texts {
                tokeniser.push_text(&mut body, text);
            }
            body
        };
        let mut docs = vec![IndexedDoc {
            id: SearchDoc::Ticket(ticket).id(),
            title: title.clone(),
            body: body(&self.public, tokeniser),
        }];
        // The notes' document has no title: a search for the subject finds
        // the ticket once, not its notes as well.
        if !self.notes.is_empty() {
            docs.push(IndexedDoc {
                id: SearchDoc::Notes(ticket).id(),
                title: String::new(),
                body: body(&self.notes, tokeniser),
            });
        }
        docs
    }

    /// The texts of one of the ticket's documents.
    fn of(&self, doc: SearchDoc) -> Vec<String> {
        match doc {
            SearchDoc::Ticket(_) => self.public.clone(),
            SearchDoc::Notes(_) => self.notes.clone(),
            SearchDoc::Answer(_) => Vec::new(),
        }
    }
}

/// The texts of `tickets`, by id, read on `conn`; with `lock`, their rows
/// stay locked to the end of its transaction (on PostgreSQL), so that a
/// change made meanwhile waits and writes its documents after these.
async fn load_texts(conn: &mut Conn, tickets: &[i64], lock: bool) -> StoreResult<HashMap<i64, TicketTexts>> {
    let mut texts: HashMap<i64, TicketTexts> = HashMap::with_capacity(tickets.len());
    if tickets.is_empty() {
        return Ok(texts);
    }
    let mut q = QueryBuilder::<Db>::new("SELECT id, subject, description FROM tickets WHERE id IN (");
    push_ids(&mut q, tickets);
    q.push(")");
    if lock {
        q.push(dialect::search::LOCK_ROWS);
    }
    let rows: Vec<(i64, String, String)> = q.build_query_as().fetch_all(&mut *conn).await?;
    for (id, subject, description) in rows {
        texts.insert(
            id,
            TicketTexts {
                subject,
                public: vec![description],
                notes: Vec::new(),
            },
        );
    }
    let mut q = QueryBuilder::<Db>::new("SELECT ticket_id, kind, body FROM articles WHERE ticket_id IN (");
    push_ids(&mut q, tickets);
    q.push(") ORDER BY ticket_id, id");
    let rows: Vec<(i64, Code<ArticleKind>, String)> = q.build_query_as().fetch_all(&mut *conn).await?;
    for (ticket, kind, body) in rows {
        if let Some(entry) = texts.get_mut(&ticket) {
            entry.add_article(kind.0, body);
        }
    }
    Ok(texts)
}

fn push_ids(q: &mut QueryBuilder<'_, Db>, ids: &[i64]) {
    let mut list = q.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
}

/// Rewrites the documents of `tickets` from their stored texts, on `conn`
/// (the transaction that changed them).
pub async fn reindex(conn: &mut Conn, tickets: &[TicketId]) -> StoreResult<()> {
    let mut ids: Vec<i64> = tickets.iter().map(|t| t.0).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut tokeniser = Tokeniser::new();
    for chunk in ids.chunks(REINDEX_CHUNK) {
        let texts = load_texts(conn, chunk, true).await?;
        let docs: Vec<IndexedDoc> = chunk
            .iter()
            .filter_map(|id| texts.get(id).map(|t| t.docs(TicketId(*id), &mut tokeniser)))
            .flatten()
            .collect();
        write_docs(conn, &docs, true).await?;
    }
    Ok(())
}

/// Rows per statement of documents (three parameters each).
const DOC_ROWS: usize = 1_000;

/// Writes documents; `replace` if some may be in the index already.
pub async fn write_docs(conn: &mut Conn, docs: &[IndexedDoc], replace: bool) -> StoreResult<()> {
    for chunk in docs.chunks(DOC_ROWS) {
        dialect::search::insert_docs(chunk, replace)
            .build()
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Whether the index was filled from the tickets stored before it existed.
pub const BACKFILLED: &str = "backfilled";

/// Indexes the tickets stored before the index existed, once: a database
/// made by an earlier version. Each chunk is its own transaction; the
/// documents of tickets changed meanwhile are rewritten by their change.
/// `None` if it was done before.
pub async fn backfill(db: &SqlStore) -> StoreResult<Option<u64>> {
    let done: Option<i64> = sqlx::query_scalar("SELECT value FROM search_state WHERE name = $1")
        .bind(BACKFILLED)
        .fetch_optional(&db.read)
        .await?;
    if done.is_some() {
        return Ok(None);
    }
    let mut after = 0_i64;
    let mut indexed = 0_u64;
    loop {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM tickets WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after)
            .bind(REINDEX_CHUNK as i64)
            .fetch_all(&db.read)
            .await?;
        let Some(&last) = ids.last() else { break };
        let mut tx = db.write.begin().await?;
        let tickets: Vec<TicketId> = ids.iter().map(|id| TicketId(*id)).collect();
        reindex(&mut tx, &tickets).await?;
        tx.commit().await?;
        indexed += ids.len() as u64;
        after = last;
    }
    sqlx::query(&format!(
        "INSERT INTO search_state (name, value) VALUES ($1, 1) {}",
        dialect::search::ON_STATE_CONFLICT
    ))
    .bind(BACKFILLED)
    .execute(&db.write)
    .await?;
    dialect::search::after_backfill(&db.write).await?;
    Ok(Some(indexed))
}

/// Pushes the conditions of `filter` and of what `viewer` may find, each
/// after an ` AND`; `doc_id` is the SQL of the document's id.
fn push_conditions(q: &mut QueryBuilder<'_, Db>, doc_id: &str, filter: &SearchFilter, viewer: SearchViewer) {
    if !filter.statuses.is_empty() {
        q.push(" AND t.status IN (");
        let mut list = q.separated(", ");
        for status in &filter.statuses {
            list.push_bind(Code(*status));
        }
        q.push(")");
    }
    let ids = [
        (" AND t.unit_id = ", filter.unit.map(|v| v.0)),
        (" AND t.site_id = ", filter.site.map(|v| v.0)),
        (" AND t.vo_id = ", filter.vo.map(|v| v.0)),
        (" AND t.issue_type_id = ", filter.issue_type.map(|v| v.0)),
    ];
    for (clause, value) in ids {
        if let Some(value) = value {
            q.push(clause).push_bind(value);
        }
    }
    if let Some(priority) = filter.priority {
        q.push(" AND t.priority = ").push_bind(Code(priority));
    }
    if let Some(from) = filter.opened_from {
        q.push(" AND t.created_at >= ").push_bind(Stamp(from));
    }
    if let Some(until) = filter.opened_until {
        q.push(" AND t.created_at < ").push_bind(Stamp(until));
    }
    if filter.solved_cases {
        push_solved_cases(q, doc_id);
    }
    if let Some(except) = filter.except {
        q.push(" AND t.id <> ").push_bind(except.0);
    }
    match viewer {
        SearchViewer::Supporter => {}
        SearchViewer::Requester(user) => {
            q.push(format!(" AND {doc_id} % 2 = 0 AND (t.visibility = "))
                .push_bind(Code(Visibility::Public))
                .push(" OR t.submitter_id = ")
                .push_bind(user.0)
                .push(")");
        }
        SearchViewer::Public => {
            q.push(format!(" AND {doc_id} % 2 = 0 AND t.visibility = "))
                .push_bind(Code(Visibility::Public));
        }
    }
}

/// The qualifiers of a ticket closed without a solution.
const UNSOLVED: [Qualifier; 4] = [
    Qualifier::Duplicate,
    Qualifier::Invalid,
    Qualifier::WontFix,
    Qualifier::NoReply,
];

/// Pushes the condition that a document is a solved case's public one.
fn push_solved_cases(q: &mut QueryBuilder<'_, Db>, doc_id: &str) {
    q.push(format!(" AND {doc_id} % 2 = 0 AND t.status IN ("));
    let mut list = q.separated(", ");
    for status in [Status::Solved, Status::Verified, Status::Closed] {
        list.push_bind(Code(status));
    }
    q.push(") AND (t.qualifier IS NULL OR t.qualifier NOT IN (");
    let mut list = q.separated(", ");
    for qualifier in UNSOLVED {
        list.push_bind(Code(qualifier));
    }
    q.push("))");
}

/// The tickets of `request.numbered` the viewer may find and the filter
/// keeps, in the order given.
async fn numbered(db: &SqlStore, request: &SearchRequest) -> StoreResult<Vec<SearchDoc>> {
    if request.numbered.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = request.numbered.iter().map(|t| t.0).collect();
    let mut q = QueryBuilder::<Db>::new("SELECT t.id FROM tickets t WHERE t.id IN (");
    push_ids(&mut q, &ids);
    q.push(")");
    push_conditions(&mut q, "(t.id * 2)", &request.filter, request.viewer);
    let found: Vec<i64> = q.build_query_scalar().fetch_all(&db.read).await?;
    Ok(request
        .numbered
        .iter()
        .filter(|t| found.contains(&t.0))
        .map(|t| SearchDoc::Ticket(*t))
        .collect())
}

/// The weights of `request`'s clauses; none unless there is one per
/// clause.
fn weights_of(request: &SearchRequest) -> &[f64] {
    if request.weights.len() == request.query.clauses.len() {
        &request.weights
    } else {
        &[]
    }
}

/// Pushes `FROM` to `WHERE` of the matching documents the viewer may find
/// and the filter keeps, leaving out `except`. Answers are left out when a
/// filter only tickets have is set; otherwise their unit must be the
/// filter's, and an internal one is for supporters only.
fn push_matching(q: &mut QueryBuilder<'_, Db>, request: &SearchRequest, except: &[SearchDoc]) {
    let id = dialect::search::DOC_ID;
    let matching = request.matching();
    let weighed = (!weights_of(request).is_empty()).then_some(&request.query);
    dialect::search::push_source(q, &matching, weighed);
    if request.filter.tickets_only() {
        q.push(format!(" JOIN tickets t ON t.id = {id} / 2 WHERE "));
        dialect::search::push_match(q, &matching);
        push_conditions(q, id, &request.filter, request.viewer);
    } else {
        q.push(format!(
            " LEFT JOIN tickets t ON t.id = {id} / 2 LEFT JOIN kb_answers a ON a.id = {id} - {ANSWER_DOCS} WHERE "
        ));
        dialect::search::push_match(q, &matching);
        // A CASE, not an OR: PostgreSQL would make `id < n OR id >= n` an
        // index condition, and read the whole primary key for it.
        q.push(format!(" AND CASE WHEN {id} < {ANSWER_DOCS} THEN (t.id IS NOT NULL"));
        push_conditions(q, id, &request.filter, request.viewer);
        q.push(") ELSE (a.id IS NOT NULL");
        push_answer_conditions(q, &request.filter, request.viewer);
        q.push(") END");
    }
    if !except.is_empty() {
        q.push(format!(" AND {id} NOT IN ("));
        let ids: Vec<i64> = except.iter().map(|d| d.id()).collect();
        push_ids(q, &ids);
        q.push(")");
    }
}

/// Pushes the conditions on answers (aliased `a`) of `filter`'s unit and
/// of what `viewer` may find, each after an ` AND`.
fn push_answer_conditions(q: &mut QueryBuilder<'_, Db>, filter: &SearchFilter, viewer: SearchViewer) {
    if let Some(unit) = filter.unit {
        q.push(" AND a.unit_id = ").push_bind(unit.0);
    }
    if viewer != SearchViewer::Supporter {
        q.push(" AND a.visibility = ")
            .push_bind(AnswerVisibility::Public.as_str());
    }
}

/// The rows of `q`, read with the backend's planner settings for searches
/// (in a transaction of their own, if it has any).
async fn fetch_steered<O>(db: &SqlStore, q: QueryBuilder<'_, Db>) -> StoreResult<Vec<O>>
where
    O: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin,
{
    fetch_with(db, q, dialect::search::PLANNER_SETTINGS).await
}

/// The rows of `q`, read after the planner `settings` (a statement), in a
/// transaction of their own.
async fn fetch_with<O>(db: &SqlStore, mut q: QueryBuilder<'_, Db>, settings: Option<&str>) -> StoreResult<Vec<O>>
where
    O: for<'r> sqlx::FromRow<'r, <Db as sqlx::Database>::Row> + Send + Unpin,
{
    let Some(settings) = settings else {
        return Ok(q.build_query_as().fetch_all(&db.read).await?);
    };
    let mut tx = db.read.begin().await?;
    sqlx::query(settings).execute(&mut *tx).await?;
    let rows = q.build_query_as().fetch_all(&mut *tx).await?;
    tx.commit().await?;
    Ok(rows)
}

/// How many documents match, up to `cap`.
async fn count(db: &SqlStore, request: &SearchRequest, except: &[SearchDoc], cap: i64) -> StoreResult<i64> {
    let mut q = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM (SELECT 1");
    push_matching(&mut q, request, except);
    q.push(" LIMIT ").push_bind(cap).push(") AS matching");
    let rows: Vec<(i64,)> = fetch_steered(db, q).await?;
    Ok(rows.first().map_or(0, |r| r.0))
}

/// The matching documents from `offset`, `limit` of them, best first, of
/// the `candidates` newest from document `from` on (of all if `None`);
/// with how many candidates there were (0 if the page is empty).
async fn ranked(
    db: &SqlStore,
    request: &SearchRequest,
    except: &[SearchDoc],
    (offset, limit): (i64, i64),
    (candidates, from): (i64, Option<i64>),
) -> StoreResult<(Vec<(i64, f64)>, i64)> {
    let id = dialect::search::DOC_ID;
    let mut q = QueryBuilder::<Db>::new(format!(
        "SELECT doc, score, COUNT(*) OVER () AS held FROM (SELECT {id} AS doc, {score} AS score",
        score = dialect::search::score(weights_of(request))
    ));
    push_matching(&mut q, request, except);
    if let Some(from) = from {
        q.push(format!(" AND {id} >= ")).push_bind(from);
    }
    q.push(format!(" ORDER BY {} DESC LIMIT ", dialect::search::NEWEST_FIRST))
        .push_bind(candidates)
        .push(") AS candidates ORDER BY score DESC, doc DESC LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
    let rows: Vec<(i64, f64, i64)> = fetch_steered(db, q).await?;
    let held = rows.first().map_or(0, |r| r.2);
    Ok((rows.into_iter().map(|(doc, score, _)| (doc, score)).collect(), held))
}

/// The first window of the newest documents, in documents per candidate
/// wanted.
const FIRST_WINDOW: i64 = 8;

/// How many times wider a window is than the one before, at most.
const MAX_GROWTH: i64 = 64;

/// The matching documents from `offset`, `limit` of them, best first, of
/// the `candidates` newest (or as many as the page needs). If `windowed`
/// (for many matches, on an index that yields them in no order), they are
/// looked for in windows of the newest documents, each wider than the
/// last by what the last one held, until one holds enough: a common word
/// then costs the documents ranked, not all of its matches; few matches
/// cost a few cheap reads of the index before the last, whole one.
async fn ranked_newest(
    db: &SqlStore,
    request: &SearchRequest,
    except: &[SearchDoc],
    (offset, limit): (i64, i64),
    (candidates, windowed): (i64, bool),
) -> StoreResult<Vec<(i64, f64)>> {
    if limit <= 0 {
        return Ok(Vec::new());
    }
    let page = (offset, limit);
    let wanted = candidates.max(offset.saturating_add(limit));
    if !windowed {
        return Ok(ranked(db, request, except, page, (wanted, None)).await?.0);
    }
    let newest: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM tickets")
        .fetch_one(&db.read)
        .await?;
    let newest = SearchDoc::Notes(TicketId(newest)).id();
    let mut span = wanted.saturating_mul(FIRST_WINDOW);
    while span < newest {
        let (rows, held) = ranked(db, request, except, page, (wanted, Some(newest - span))).await?;
        if held >= wanted {
            return Ok(rows);
        }
        let growth = (2 * wanted / held.max(1)).clamp(2, MAX_GROWTH);
        span = span.saturating_mul(growth);
    }
    Ok(ranked(db, request, except, page, (wanted, None)).await?.0)
}

/// How many documents a word of a query may be in before the backend's
/// relevance statistics cost more than the search itself (see
/// `dialect::search::RANK_READS_EVERY_MATCH`).
const STATISTICS_CAP: i64 = 5_000;

/// Whether a found word of `query` is in [`STATISTICS_CAP`] documents or
/// more: on a backend whose relevance reads every document of each word,
/// ranking by relevance would then cost more than the search.
async fn some_word_common(db: &SqlStore, query: &MatchQuery) -> StoreResult<bool> {
    let found: Vec<MatchTerm> = query.clauses.iter().flatten().filter(|t| !t.negated).cloned().collect();
    let counts = term_counts(db, &found, STATISTICS_CAP).await?;
    Ok(counts.iter().any(|n| *n >= STATISTICS_CAP))
}

/// The matching documents from `offset`, `limit` of them, of the
/// `candidates` newest, without the backend's relevance: those whose
/// title has the most of the query's words first (the count is the
/// score), then the newest.
async fn ranked_by_title(
    db: &SqlStore,
    request: &SearchRequest,
    except: &[SearchDoc],
    (offset, limit): (i64, i64),
    candidates: i64,
) -> StoreResult<Vec<(i64, f64)>> {
    if limit <= 0 {
        return Ok(Vec::new());
    }
    let id = dialect::search::DOC_ID;
    let mut q = QueryBuilder::<Db>::new(format!("SELECT {id} AS doc"));
    push_matching(&mut q, request, except);
    q.push(format!(" ORDER BY {id} DESC LIMIT "))
        .push_bind(candidates.max(offset + limit));
    let docs: Vec<i64> = q.build_query_scalar().fetch_all(&db.read).await?;
    let tickets: Vec<i64> = docs
        .iter()
        .filter_map(|d| SearchDoc::from_id(*d).ticket())
        .map(|t| t.0)
        .collect();
    let mut subjects: HashMap<i64, String> = HashMap::new();
    if !tickets.is_empty() {
        let mut q = QueryBuilder::<Db>::new("SELECT id, subject FROM tickets WHERE id IN (");
        push_ids(&mut q, &tickets);
        q.push(")");
        let rows: Vec<(i64, String)> = q.build_query_as().fetch_all(&db.read).await?;
        subjects.extend(rows);
    }
    let mut tokeniser = Tokeniser::new();
    let mut scored: Vec<(i64, f64)> = docs
        .iter()
        .map(|doc| {
            let subject = SearchDoc::from_id(*doc)
                .ticket()
                .filter(|_| doc % 2 == 0)
                .and_then(|t| subjects.get(&t.0));
            let found = subject.map_or(0, |s| {
                tokeniser
                    .text(s)
                    .split(' ')
                    .filter(|token| request.query.highlights(token))
                    .count()
            });
            (*doc, found as f64)
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
    let start = usize::try_from(offset).unwrap_or(usize::MAX).min(scored.len());
    let end = start
        .saturating_add(usize::try_from(limit).unwrap_or(0))
        .min(scored.len());
    Ok(scored[start..end].to_vec())
}

/// A page of what `request` finds: first the tickets it names by number,
/// then the matching documents by relevance, with their texts. A query
/// with a word too common for the backend's relevance
/// ([`some_word_common`]) has its newest matches ordered by title.
pub async fn search(db: &SqlStore, request: &SearchRequest) -> StoreResult<Page<SearchHit>> {
    let named = numbered(db, request).await?;
    let per_page = i64::from(request.page.per_page);
    let offset = request.page.offset();
    let named_count = named.len() as i64;
    let shown_named: Vec<SearchDoc> = named
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(per_page).unwrap_or(0))
        .copied()
        .collect();
    let match_offset = (offset - named_count).max(0);
    let match_limit = per_page - shown_named.len() as i64;
    let window = (match_offset, match_limit);
    let cap = COUNT_LIMIT + 1;
    let (counted, matches) = if dialect::search::INDEX_READS_NEWEST_FIRST {
        // The newest matches come first: counting and ranking go side by side.
        let by_title = dialect::search::RANK_READS_EVERY_MATCH && some_word_common(db, &request.query).await?;
        let matches = async {
            if by_title {
                ranked_by_title(db, request, &named, window, CANDIDATES).await
            } else {
                ranked_newest(db, request, &named, window, (CANDIDATES, false)).await
            }
        };
        tokio::try_join!(count(db, request, &named, cap), matches)?
    } else {
        // The count says whether the newest matches are looked for in windows.
        let counted = count(db, request, &named, cap).await?;
        let many = counted > COUNT_LIMIT;
        (
            counted,
            ranked_newest(db, request, &named, window, (CANDIDATES, many)).await?,
        )
    };
    let mut found: Vec<(SearchDoc, f64)> = shown_named.into_iter().map(|d| (d, NAMED_SCORE)).collect();
    found.extend(matches.into_iter().map(|(id, score)| (SearchDoc::from_id(id), score)));
    let mut conn = db.read.acquire().await?;
    let items = hits(&mut conn, found).await?;
    let total = counted.min(COUNT_LIMIT) + named_count;
    Ok(Page {
        items,
        total,
        total_exact: counted <= COUNT_LIMIT,
    })
}

/// The documents `found`, in order, with their titles and texts (those
/// deleted meanwhile left out).
async fn hits(conn: &mut Conn, found: Vec<(SearchDoc, f64)>) -> StoreResult<Vec<SearchHit>> {
    let tickets: Vec<i64> = found.iter().filter_map(|(d, _)| d.ticket()).map(|t| t.0).collect();
    let answers: Vec<i64> = found
        .iter()
        .filter_map(|(d, _)| match d {
            SearchDoc::Answer(id) => Some(id.0),
            _ => None,
        })
        .collect();
    let texts = load_texts(conn, &tickets, false).await?;
    let answers: HashMap<i64, _> = super::knowledge::answers_of(conn, &answers)
        .await?
        .into_iter()
        .map(|a| (a.id.0, a))
        .collect();
    Ok(found
        .into_iter()
        .filter_map(|(doc, score)| {
            let (title, texts) = match doc {
                SearchDoc::Answer(id) => super::knowledge::answer_hit_texts(&answers.get(&id.0)?.texts),
                SearchDoc::Ticket(id) | SearchDoc::Notes(id) => {
                    let texts = texts.get(&id.0)?;
                    (texts.subject.clone(), texts.of(doc))
                }
            };
            Some(SearchHit {
                doc,
                score,
                title,
                texts,
            })
        })
        .collect())
}

/// How many documents hold each of `tokens`, each counted up to `cap`
/// (those the backend's statistics put far past it are not counted, and
/// are `cap`).
pub async fn doc_counts(db: &SqlStore, tokens: &[String], cap: i64) -> StoreResult<Vec<i64>> {
    let past = dialect::search::past_cap(&db.read, tokens, cap).await?;
    let counted: Vec<MatchTerm> = tokens
        .iter()
        .filter(|token| !past.contains(token))
        .map(|token| MatchTerm {
            tokens: vec![token.clone()],
            prefix: false,
            negated: false,
        })
        .collect();
    let mut counts = term_counts(db, &counted, cap).await?.into_iter();
    Ok(tokens
        .iter()
        .map(|token| {
            if past.contains(token) {
                cap
            } else {
                counts.next().unwrap_or(0)
            }
        })
        .collect())
}

/// How many documents match each of `terms` (taken as found, not
/// excluded), each counted up to `cap`: one statement, each count planned
/// for its own word (`dialect::search::WORD_COUNT_SETTINGS`).
async fn term_counts(db: &SqlStore, terms: &[MatchTerm], cap: i64) -> StoreResult<Vec<i64>> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = QueryBuilder::<Db>::new("SELECT i, n FROM (");
    for (i, term) in terms.iter().enumerate() {
        let query = MatchQuery {
            clauses: vec![vec![MatchTerm {
                negated: false,
                ..term.clone()
            }]],
        };
        if i > 0 {
            q.push(" UNION ALL ");
        }
        q.push(format!(
            "SELECT CAST({i} AS BIGINT) AS i, (SELECT COUNT(*) FROM (SELECT 1"
        ));
        dialect::search::push_source(&mut q, &query, None);
        q.push(" WHERE ");
        dialect::search::push_match(&mut q, &query);
        q.push(" LIMIT ").push_bind(cap).push(") AS found) AS n");
    }
    q.push(") AS counts");
    let rows: Vec<(i64, i64)> = fetch_with(db, q, dialect::search::WORD_COUNT_SETTINGS).await?;
    let mut counts = vec![0; terms.len()];
    for (i, n) in rows {
        if let Some(count) = usize::try_from(i).ok().and_then(|i| counts.get_mut(i)) {
            *count = n;
        }
    }
    Ok(counts)
}

/// The most documents ranked for similar cases: as many as the words
/// chosen for them may be found in (`guichet_domain::search::similar::BUDGET`).
const SIMILAR_CANDIDATES: i64 = guichet_domain::search::similar::BUDGET;

/// The best matches of `request`'s first page, with their solutions: a
/// ticket's last, an answer's own text.
///
/// When the request is matched by its words within the budget
/// (`matched_by`), their matches are few by construction, and all are
/// ranked. Otherwise (a text of common words only, or a caller that does
/// not say), the [`CANDIDATES`] newest are, as for a search, looked for
/// in windows where the index yields matches in no order.
pub async fn similar(db: &SqlStore, request: &SearchRequest) -> StoreResult<Vec<SimilarHit>> {
    let limit = i64::from(request.page.per_page);
    let within_budget = request.matched_by.is_some_and(|n| n > 0);
    let (candidates, windows) = if within_budget {
        (SIMILAR_CANDIDATES, false)
    } else {
        (CANDIDATES, !dialect::search::INDEX_READS_NEWEST_FIRST)
    };
    let found = ranked_newest(db, request, &[], (0, limit), (candidates, windows)).await?;
    let found: Vec<(SearchDoc, f64)> = found.into_iter().map(|(id, s)| (SearchDoc::from_id(id), s)).collect();
    let tickets: Vec<i64> = found.iter().filter_map(|(d, _)| d.ticket()).map(|t| t.0).collect();
    let mut conn = db.read.acquire().await?;
    let solutions = load_solutions(&mut conn, &tickets).await?;
    Ok(hits(&mut conn, found)
        .await?
        .into_iter()
        .map(|hit| {
            let solution = match hit.doc {
                SearchDoc::Answer(_) => hit.texts.first().cloned(),
                doc => doc.ticket().and_then(|t| solutions.get(&t.0).cloned()),
            };
            SimilarHit { hit, solution }
        })
        .collect())
}

/// The last solution of each of `tickets` that has one.
async fn load_solutions(conn: &mut Conn, tickets: &[i64]) -> StoreResult<HashMap<i64, String>> {
    let mut solutions = HashMap::new();
    if tickets.is_empty() {
        return Ok(solutions);
    }
    let mut q = QueryBuilder::<Db>::new("SELECT ticket_id, body FROM articles WHERE kind = ");
    q.push_bind(Code(ArticleKind::Solution)).push(" AND ticket_id IN (");
    push_ids(&mut q, tickets);
    q.push(") ORDER BY ticket_id, id");
    let rows: Vec<(i64, String)> = q.build_query_as().fetch_all(&mut *conn).await?;
    solutions.extend(rows);
    Ok(solutions)
}
