//! Counting a query's matches and ranking the newest of them, as each
//! backend's index allows: FTS5 yields matches newest first; a GIN index
//! yields them in no order, so the newest are looked for in windows of
//! the newest documents.

use std::collections::HashMap;

use sqlx::QueryBuilder;

use guichet_domain::ids::TicketId;
use guichet_domain::search::normalise::Tokeniser;
use guichet_domain::search::{MatchQuery, MatchTerm};

use super::super::{Db, SqlStore, dialect};
use super::index::push_ids;
use super::{push_matching, weights_of};
use crate::{SearchDoc, SearchRequest, StoreResult};

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
pub(super) async fn count(db: &SqlStore, request: &SearchRequest, except: &[SearchDoc], cap: i64) -> StoreResult<i64> {
    count_from(db, request, except, cap, None).await
}

/// How many documents match, up to `cap`, for an index that yields
/// matches in no order: first among the documents up to `newest` (a
/// window of [`FIRST_WINDOW`] documents per match counted), where a common
/// word's matches reach the cap without the index reading all of its
/// documents; if they do not, among all.
pub(super) async fn count_newest_first(
    db: &SqlStore,
    request: &SearchRequest,
    except: &[SearchDoc],
    cap: i64,
    newest: i64,
) -> StoreResult<i64> {
    let from = newest - cap.saturating_mul(FIRST_WINDOW);
    if from > 0 {
        let among_newest = count_from(db, request, except, cap, Some(from)).await?;
        if among_newest >= cap {
            return Ok(among_newest);
        }
    }
    count(db, request, except, cap).await
}

/// How many documents from document `from` on (all if `None`) match, up
/// to `cap`.
async fn count_from(
    db: &SqlStore,
    request: &SearchRequest,
    except: &[SearchDoc],
    cap: i64,
    from: Option<i64>,
) -> StoreResult<i64> {
    let mut q = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM (SELECT 1");
    push_matching(&mut q, request, except);
    if let Some(from) = from {
        q.push(format!(" AND {} >= ", dialect::search::DOC_ID)).push_bind(from);
    }
    q.push(" LIMIT ").push_bind(cap).push(") AS matching");
    let rows: Vec<(i64,)> = fetch_steered(db, q).await?;
    Ok(rows.first().map_or(0, |r| r.0))
}

/// The id of the newest ticket's last document (answers aside).
pub(super) async fn newest_doc(db: &SqlStore) -> StoreResult<i64> {
    let newest: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM tickets")
        .fetch_one(&db.read)
        .await?;
    Ok(SearchDoc::Notes(TicketId(newest)).id())
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
/// the `candidates` newest (or as many as the page needs). With `newest`
/// (the newest document's id, for many matches on an index that yields
/// them in no order), they are looked for in windows of the documents up
/// to it, each wider than the last by what the last one held, until one
/// holds enough: a common word then costs the documents ranked, not all
/// of its matches; few matches cost a few cheap reads of the index before
/// the last, whole one.
pub(super) async fn ranked_newest(
    db: &SqlStore,
    request: &SearchRequest,
    except: &[SearchDoc],
    (offset, limit): (i64, i64),
    (candidates, newest): (i64, Option<i64>),
) -> StoreResult<Vec<(i64, f64)>> {
    if limit <= 0 {
        return Ok(Vec::new());
    }
    let page = (offset, limit);
    let wanted = candidates.max(offset.saturating_add(limit));
    let Some(newest) = newest else {
        return Ok(ranked(db, request, except, page, (wanted, None)).await?.0);
    };
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
pub(super) async fn some_word_common(db: &SqlStore, query: &MatchQuery) -> StoreResult<bool> {
    let found: Vec<MatchTerm> = query.clauses.iter().flatten().filter(|t| !t.negated).cloned().collect();
    let counts = term_counts(db, &found, STATISTICS_CAP).await?;
    Ok(counts.iter().any(|n| *n >= STATISTICS_CAP))
}

/// The matching documents from `offset`, `limit` of them, of the
/// `candidates` newest, without the backend's relevance: those whose
/// title has the most of the query's words first (the count is the
/// score), then the newest.
pub(super) async fn ranked_by_title(
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
