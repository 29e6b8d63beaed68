//! The search index on PostgreSQL: a `tsvector` of tokens per document,
//! with a GIN index, ranked by `ts_rank`.
//!
//! The tokens come made (folded and stemmed by the domain's rules, the
//! same as on SQLite), so the `simple` configuration only splits them at
//! spaces. A clause's words and phrases go through `websearch_to_tsquery`;
//! its prefixes, which that function cannot express, through
//! `to_tsquery` (`token:*`); the two are joined with `&&`, and the
//! clauses with `||`.

use sqlx::QueryBuilder;

use guichet_domain::search::{MatchQuery, MatchTerm};

use super::Db;
use super::shared::search::{IndexedDoc, Plan};

/// The SQL of a document's id.
pub const DOC_ID: &str = "d.id";

/// The SQL of a document's relevance, higher is better: `ts_rank` (the
/// title's tokens weigh `A`, the body's `D`). `ts_rank` weighs every word
/// alike, however common; with `weights`, each clause the document
/// matches (`m.q0`, `m.q1`…, see [`push_source`]) adds its weight, and
/// `ts_rank` only parts documents that match the same clauses.
pub fn score(weights: &[f64]) -> String {
    let rank = "CAST(ts_rank(d.tsv, m.q) AS DOUBLE PRECISION)";
    if weights.is_empty() {
        return rank.to_owned();
    }
    let mut sql = String::from("(");
    for (i, weight) in weights.iter().enumerate() {
        let weight = if weight.is_finite() { *weight } else { 0.0 };
        sql.push_str(&format!("CASE WHEN d.tsv @@ m.q{i} THEN {weight:.4} ELSE 0 END + "));
    }
    sql.push_str(rank);
    sql.push(')');
    sql
}

/// The bytes of the index's table, its TOAST and its indexes.
pub const INDEX_BYTES: &str = "SELECT pg_total_relation_size('search_docs')";

/// Whether the relevance reads every document of each word of a query:
/// `ts_rank` reads only the rows it ranks.
pub const RANK_READS_EVERY_MATCH: bool = false;

/// The planner's settings for `plan`: the query is a parameter, so the
/// planner guesses how many documents match, and a wrong guess costs
/// seconds on a million tickets (reading every row newest first for a
/// rare word, or every match of a common word to keep the newest).
/// Through the index, the matches are few (the words were counted), so
/// each is joined to its ticket by key, not by reading every ticket.
/// Parallel workers take longer to start than these queries to run.
pub fn plan_settings(plan: Plan) -> &'static [&'static str] {
    match plan {
        Plan::ByIndex => &[
            "SET LOCAL enable_seqscan = off",
            "SET LOCAL enable_mergejoin = off",
            "SET LOCAL enable_hashjoin = off",
            "SET LOCAL max_parallel_workers_per_gather = 0",
        ],
        Plan::NewestFirst => &[
            "SET LOCAL enable_bitmapscan = off",
            "SET LOCAL max_parallel_workers_per_gather = 0",
        ],
    }
}

/// What documents are ordered by, newest first, for `plan`: through the
/// index, the id as an expression (`d.id + 0`), so that the planner does
/// not read the primary key backwards instead.
pub fn newest_first(plan: Plan) -> &'static str {
    match plan {
        Plan::ByIndex => "d.id + 0",
        Plan::NewestFirst => "d.id",
    }
}

/// Nothing to do after the backfill.
pub async fn after_backfill(_pool: &sqlx::Pool<Db>) -> crate::StoreResult<()> {
    Ok(())
}

/// Removes one document, by id.
pub const DELETE_DOC: &str = "DELETE FROM search_docs WHERE id = $1";

/// Locks the rows read, to the end of the transaction.
pub const LOCK_ROWS: &str = " FOR UPDATE";

/// How a state row already there is overwritten.
pub const ON_STATE_CONFLICT: &str = "ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value";

/// Pushes the source of documents, aliased `d`, with the query as `m.q`;
/// if `weighted`, with each clause apart too, as `m.q0`, `m.q1`…
pub fn push_source(q: &mut QueryBuilder<'_, Db>, query: &MatchQuery, weighted: bool) {
    q.push(" FROM search_docs d CROSS JOIN (SELECT ");
    for (i, clause) in query.clauses.iter().enumerate() {
        if i > 0 {
            q.push(" || ");
        }
        push_clause(q, clause);
    }
    q.push(" AS q");
    if weighted {
        for (i, clause) in query.clauses.iter().enumerate() {
            q.push(", ");
            push_clause(q, clause);
            q.push(format!(" AS q{i}"));
        }
    }
    q.push(") AS m");
}

/// Pushes one clause as a `tsquery`.
fn push_clause(q: &mut QueryBuilder<'_, Db>, clause: &[MatchTerm]) {
    {
        let (web, prefixes) = split(clause);
        q.push("(");
        match (web, prefixes) {
            (Some(web), Some(prefixes)) => {
                q.push("websearch_to_tsquery('simple', ")
                    .push_bind(web)
                    .push(") && to_tsquery('simple', ")
                    .push_bind(prefixes)
                    .push(")");
            }
            (Some(web), None) => {
                q.push("websearch_to_tsquery('simple', ").push_bind(web).push(")");
            }
            (None, Some(prefixes)) => {
                q.push("to_tsquery('simple', ").push_bind(prefixes).push(")");
            }
            (None, None) => {
                q.push("to_tsquery('simple', '')");
            }
        }
        q.push(")");
    }
}

/// Pushes the condition that a document matches the query.
pub fn push_match(q: &mut QueryBuilder<'_, Db>, _query: &MatchQuery) {
    q.push("d.tsv @@ m.q");
}

/// A clause as `websearch_to_tsquery` text (its words and phrases) and as
/// `to_tsquery` text (its prefixes), either absent if it has none.
pub fn split(clause: &[MatchTerm]) -> (Option<String>, Option<String>) {
    let web: Vec<String> = clause
        .iter()
        .filter(|t| !t.prefix)
        .map(|t| {
            let sign = if t.negated { "-" } else { "" };
            match t.tokens.as_slice() {
                [one] => format!("{sign}{one}"),
                many => format!("{sign}\"{}\"", many.join(" ")),
            }
        })
        .collect();
    let prefixes: Vec<String> = clause
        .iter()
        .filter(|t| t.prefix)
        .map(|t| format!("{}'{}':*", if t.negated { "!" } else { "" }, t.tokens.join("")))
        .collect();
    let web = (!web.is_empty()).then(|| web.join(" "));
    let prefixes = (!prefixes.is_empty()).then(|| prefixes.join(" & "));
    (web, prefixes)
}

/// One multi-row insert of documents; `replace` overwrites those already
/// there.
pub fn insert_docs(docs: &[IndexedDoc], replace: bool) -> QueryBuilder<'static, Db> {
    let mut q = QueryBuilder::new(
        "INSERT INTO search_docs (id, tsv) SELECT v.id, \
         setweight(to_tsvector('simple', v.title), 'A') || to_tsvector('simple', v.body) FROM (",
    );
    q.push_values(docs.iter().cloned(), |mut row, doc| {
        row.push_bind(doc.id).push_bind(doc.title).push_bind(doc.body);
    });
    q.push(") AS v (id, title, body)");
    if replace {
        q.push(" ON CONFLICT (id) DO UPDATE SET tsv = EXCLUDED.tsv");
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichet_domain::search::SearchQuery;

    fn clauses(text: &str) -> Vec<(Option<String>, Option<String>)> {
        let query = MatchQuery::of(&SearchQuery::parse(text).unwrap()).unwrap();
        query.clauses.iter().map(|c| split(c)).collect()
    }

    #[test]
    fn weights_add_per_clause_matched_to_ts_rank() {
        assert_eq!(score(&[]), "CAST(ts_rank(d.tsv, m.q) AS DOUBLE PRECISION)");
        assert_eq!(
            score(&[2.5, f64::NAN]),
            "(CASE WHEN d.tsv @@ m.q0 THEN 2.5000 ELSE 0 END + CASE WHEN d.tsv @@ m.q1 THEN 0.0000 ELSE 0 END + \
             CAST(ts_rank(d.tsv, m.q) AS DOUBLE PRECISION))"
        );
    }

    #[test]
    fn words_and_phrases_go_to_websearch_and_prefixes_to_tsquery() {
        assert_eq!(clauses("srm timeout"), [(Some("srm timeout".into()), None)]);
        assert_eq!(
            clauses("\"b c\" -ssl certif* -tl*"),
            [(Some("\"b c\" -ssl".into()), Some("'certif':* & !'tl':*".into()))]
        );
        assert_eq!(
            clauses("x OR y*"),
            [(Some("x".into()), None), (None, Some("'y':*".into()))]
        );
    }
}
