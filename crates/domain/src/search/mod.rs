//! Search, as pure rules: the query people type, parsed into terms the
//! database backends compile to their own syntax (FTS5 `MATCH` on SQLite,
//! `websearch_to_tsquery` on PostgreSQL).
//!
//! - [`query`]: words, "phrases", `AND`/`OR`/`NOT` (and `-word`),
//!   prefixes (`certif*`), a ticket number; anything else is a plain word;
//! - [`normalise`]: how text is folded and stemmed (French and English)
//!   for the index and for the query, alike on both backends;
//! - [`matching`]: a parsed query in index tokens;
//! - [`snippet`]: the passage of a text shown under a result, its found
//!   words marked;
//! - [`similar`]: which words of a new ticket to look for among the
//!   solved cases.

pub mod matching;
pub mod normalise;
pub mod query;
pub mod similar;
pub mod snippet;

pub use matching::{MatchQuery, MatchTerm};
pub use query::{Clause, MAX_QUERY_CHARS, QueryError, SearchQuery, Term, TermKind};
