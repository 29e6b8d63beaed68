//! The search index on SQLite: an FTS5 table of tokens, ranked by bm25.
//!
//! The table is contentless (`content=''`): the texts are the tickets'
//! and articles' own, so the index holds only its inverted lists, and
//! `contentless_delete=1` lets a document be replaced. The tokens come
//! made (folded and stemmed by the domain's rules), so the `ascii`
//! tokeniser only splits them at spaces.

use sqlx::QueryBuilder;

use guichet_domain::search::{MatchQuery, MatchTerm};

use super::Db;
use super::shared::search::IndexedDoc;

/// The SQL of a document's id.
pub const DOC_ID: &str = "s.rowid";

/// The SQL of a document's relevance, higher is better: bm25 with a word
/// of the title worth four of the body. bm25 weighs rare words above
/// common ones already, so the clauses' weights are not needed.
pub fn score(_weights: &[f64]) -> String {
    String::from("-bm25(search_index, 4.0, 1.0)")
}

/// The bytes of the index's tables.
pub const INDEX_BYTES: &str =
    "SELECT CAST(COALESCE(SUM(pgsize), 0) AS INTEGER) FROM dbstat WHERE name LIKE 'search\\_index%' ESCAPE '\\'";

/// Checkpoints and truncates the log the backfill grew, as after
/// migrations (see `sqlite::migrate`).
pub async fn after_backfill(pool: &sqlx::Pool<Db>) -> crate::StoreResult<()> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await?;
    Ok(())
}

/// None of `tokens` is taken as past `cap` without counting: FTS5 counts
/// a word's documents up to a cap by reading only that many.
pub async fn past_cap(_pool: &sqlx::Pool<Db>, _tokens: &[String], _cap: i64) -> crate::StoreResult<Vec<String>> {
    Ok(Vec::new())
}

/// Removes one document, by id.
pub const DELETE_DOC: &str = "DELETE FROM search_index WHERE rowid = $1";

/// Nothing: SQLite's one writer already keeps changes apart.
pub const LOCK_ROWS: &str = "";

/// How a state row already there is overwritten.
pub const ON_STATE_CONFLICT: &str = "ON CONFLICT (name) DO UPDATE SET value = excluded.value";

/// Whether the relevance reads every document of each word of a query:
/// FTS5's `bm25()` counts, once per query, the documents each word is in,
/// so a word in hundreds of thousands of documents costs tens of
/// milliseconds however few rows are ranked.
pub const RANK_READS_EVERY_MATCH: bool = true;

/// Whether the index yields a query's matches newest first: FTS5 reads
/// each word's list in rowid order, so the newest few cost only
/// themselves.
pub const INDEX_READS_NEWEST_FIRST: bool = true;

/// What documents are ordered by, newest first: the rowid, which FTS5
/// reads in order.
pub const NEWEST_FIRST: &str = DOC_ID;

/// None: FTS5 always reads a query's words' lists, newest first.
pub const PLANNER_SETTINGS: Option<&str> = None;

/// None, for the same reason.
pub const WORD_COUNT_SETTINGS: Option<&str> = None;

/// Pushes the source of documents, aliased `s` (the clauses weighed need
/// not be apart: see [`score`]).
pub fn push_source(q: &mut QueryBuilder<'_, Db>, _matching: &MatchQuery, _weighed: Option<&MatchQuery>) {
    q.push(" FROM search_index s");
}

/// Pushes the condition that a document matches `query`.
pub fn push_match(q: &mut QueryBuilder<'_, Db>, query: &MatchQuery) {
    q.push("search_index MATCH ").push_bind(fts5(query));
}

/// `query` in FTS5's syntax: each clause's terms joined by `AND`, its
/// negated terms after `NOT`, the clauses joined by `OR`. Tokens are
/// letters and digits only, and quoted.
pub fn fts5(query: &MatchQuery) -> String {
    let clauses: Vec<String> = query
        .clauses
        .iter()
        .map(|clause| {
            let found: Vec<String> = clause.iter().filter(|t| !t.negated).map(term).collect();
            let mut text = format!("({})", found.join(" AND "));
            for excluded in clause.iter().filter(|t| t.negated) {
                text = format!("({text} NOT {})", term(excluded));
            }
            text
        })
        .collect();
    clauses.join(" OR ")
}

fn term(term: &MatchTerm) -> String {
    let quoted = format!("\"{}\"", term.tokens.join(" "));
    if term.prefix { format!("{quoted}*") } else { quoted }
}

/// One multi-row insert of documents; `replace` replaces those already
/// there.
pub fn insert_docs(docs: &[IndexedDoc], replace: bool) -> QueryBuilder<'static, Db> {
    let verb = if replace { "INSERT OR REPLACE" } else { "INSERT" };
    let mut q = QueryBuilder::new(format!("{verb} INTO search_index (rowid, title, body) "));
    q.push_values(docs.iter().cloned(), |mut row, doc| {
        row.push_bind(doc.id).push_bind(doc.title).push_bind(doc.body);
    });
    q
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichet_domain::search::SearchQuery;

    fn compiled(text: &str) -> String {
        fts5(&MatchQuery::of(&SearchQuery::parse(text).unwrap()).unwrap())
    }

    #[test]
    fn clauses_terms_and_exclusions_compile_to_fts5() {
        assert_eq!(compiled("srm timeout"), r#"("srm" AND "timeout")"#);
        assert_eq!(compiled("a OR \"b c\""), r#"("a") OR ("b c")"#);
        assert_eq!(
            compiled("certif* -ssl -tls"),
            r#"((("certif"*) NOT "ssl") NOT "tl")"#,
            "tls is stemmed as tl"
        );
        assert_eq!(compiled("NEAR(x) col:y"), r#"("near x" AND "col y")"#);
    }
}
