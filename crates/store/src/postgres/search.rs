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
use super::shared::search::IndexedDoc;

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

/// Whether the index yields a query's matches newest first, so that the
/// newest few cost only themselves: a GIN index yields them in no order,
/// so the newest are found in widening windows of the newest documents.
pub const INDEX_READS_NEWEST_FIRST: bool = false;

/// The planner's settings for a search, in its own transaction, as one
/// statement.
///
/// - Each statement is planned for its own parameters
///   (`force_custom_plan`): with the query a parameter, a generic plan
///   guesses how many documents each word is in, and a wrong guess costs
///   seconds on a million tickets; with its value, the planner reads the
///   words' frequencies in the index's statistics.
/// - No whole-table reads, and each match is joined to its ticket by key
///   (nested loops): the matches read are few, counted first or bounded
///   by a window of the newest documents.
/// - Parallel workers take longer to start than these queries to run.
pub const PLANNER_SETTINGS: Option<&str> = Some(
    "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), \
     set_config('enable_seqscan', 'off', true), set_config('enable_mergejoin', 'off', true), \
     set_config('enable_hashjoin', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)",
);

/// The planner's settings for counting single words: each planned for its
/// own word, whose frequency the index's statistics tell, so that a common
/// word's count reads the table until it has enough (a GIN index would
/// read all of the word's documents first) and a rare word's reads the
/// index.
pub const WORD_COUNT_SETTINGS: Option<&str> = Some(
    "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), \
     set_config('max_parallel_workers_per_gather', '0', true)",
);

/// What documents are ordered by, newest first: the id as an expression
/// (`d.id + 0`), so that the planner does not read the primary key
/// backwards instead of the text index.
pub const NEWEST_FIRST: &str = "d.id + 0";

/// How many times a counting cap the statistics must put a word at for
/// it to be taken as past the cap without counting: they come from a
/// sample, so a word only just past the cap is counted.
const SURELY_PAST: f64 = 10.0;

/// Those of `tokens` that the planner's statistics put in far more than
/// `cap` documents (see [`SURELY_PAST`]): counting a word found in
/// hundreds of thousands of documents costs milliseconds however it is
/// read (the index's list of it whole, or the table until `cap`), and
/// the statistics already know the commonest words, as elements of the
/// `tsv` column with their frequencies.
pub async fn past_cap(pool: &sqlx::Pool<Db>, tokens: &[String], cap: i64) -> crate::StoreResult<Vec<String>> {
    if tokens.is_empty() {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_scalar(
        "SELECT e.word FROM pg_stats s \
         CROSS JOIN LATERAL unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e (word, freq) \
         CROSS JOIN pg_class c \
         WHERE c.oid = 'search_docs'::regclass AND s.schemaname = current_schema() \
         AND s.tablename = 'search_docs' AND s.attname = 'tsv' \
         AND e.word = ANY($1) AND e.freq * c.reltuples >= $2",
    )
    .bind(tokens)
    .bind(cap as f64 * SURELY_PAST)
    .fetch_all(pool)
    .await?)
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

/// Pushes the source of documents, aliased `d`, with `matching` as `m.q`;
/// with `weighed`, each of its clauses apart too, as `m.q0`, `m.q1`…
pub fn push_source(q: &mut QueryBuilder<'_, Db>, matching: &MatchQuery, weighed: Option<&MatchQuery>) {
    q.push(" FROM search_docs d CROSS JOIN (SELECT ");
    for (i, clause) in matching.clauses.iter().enumerate() {
        if i > 0 {
            q.push(" || ");
        }
        push_clause(q, clause);
    }
    q.push(" AS q");
    for (i, clause) in weighed.iter().flat_map(|w| w.clauses.iter()).enumerate() {
        q.push(", ");
        push_clause(q, clause);
        q.push(format!(" AS q{i}"));
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
