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
//! bm25), a query with a word in `ranking::STATISTICS_CAP` documents or more has
//! those newest matches ordered by how many of its words their title has.
//!
//! - [`index`]: a ticket's documents, written with its changes;
//! - [`ranking`]: counting matches and ranking the newest, as the index
//!   allows;
//! - here: the conditions of filters and permissions, and the search and
//!   similar cases built of them.

mod index;
mod ranking;

use std::collections::HashMap;

use sqlx::QueryBuilder;

use guichet_domain::article::ArticleKind;
use guichet_domain::knowledge::AnswerVisibility;
use guichet_domain::status::{Qualifier, Status};
use guichet_domain::ticket::Visibility;

use super::{Db, SqlStore, dialect};
use crate::code::Code;
use crate::{
    ANSWER_DOCS, Page, SearchDoc, SearchFilter, SearchHit, SearchRequest, SearchViewer, SimilarHit, Stamp, StoreResult,
};

pub use index::{IndexedDoc, TicketTexts, backfill, reindex, write_docs};
use index::{load_texts, push_ids};
pub use ranking::doc_counts;
use ranking::{count, count_newest_first, newest_doc, ranked_by_title, ranked_newest, some_word_common};

/// A connection of this backend, inside a transaction or not.
pub(super) type Conn = <Db as sqlx::Database>::Connection;

/// Whether the index was filled from the tickets stored before it existed.
pub const BACKFILLED: &str = "backfilled";

/// How many of the newest matching documents are ranked (at least; a deep
/// page reads as many as it needs).
pub const CANDIDATES: i64 = 250;

/// The score of a ticket named by its number: above any match's (bm25 and
/// `ts_rank` stay far below).
const NAMED_SCORE: f64 = 1e9;

/// Matches are counted exactly up to this many: past it, counting costs
/// more than ranking (measured on a million tickets).
pub(super) const COUNT_LIMIT: i64 = 1_000;

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
pub(super) fn weights_of(request: &SearchRequest) -> &[f64] {
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
pub(super) fn push_matching(q: &mut QueryBuilder<'_, Db>, request: &SearchRequest, except: &[SearchDoc]) {
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
                ranked_newest(db, request, &named, window, (CANDIDATES, None)).await
            }
        };
        tokio::try_join!(count(db, request, &named, cap), matches)?
    } else {
        // The count says whether the newest matches are looked for in windows.
        let newest = newest_doc(db).await?;
        let counted = count_newest_first(db, request, &named, cap, newest).await?;
        let windows = (counted > COUNT_LIMIT).then_some(newest);
        (
            counted,
            ranked_newest(db, request, &named, window, (CANDIDATES, windows)).await?,
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
        (SIMILAR_CANDIDATES, None)
    } else if dialect::search::INDEX_READS_NEWEST_FIRST {
        (CANDIDATES, None)
    } else {
        (CANDIDATES, Some(newest_doc(db).await?))
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
