//! The search query people type, parsed.
//!
//! # Syntax
//!
//! - **Words** must all match: `dcache timeout` is `dcache AND timeout`.
//! - **Phrases** in double quotes match as written: `"connection refused"`.
//!   A quote left open runs to the end of the query.
//! - **`OR`** (upper case) between words or phrases gives alternatives;
//!   `AND` binds tighter, as in `websearch_to_tsquery`: `a b OR c` is
//!   `(a AND b) OR c`.
//! - **`NOT word`** or **`-word`** excludes a word or a phrase.
//! - **Prefixes**: `certif*` matches `certificate` and `certification`.
//! - **A ticket number** (all digits, such as `100234`) is also kept apart,
//!   so that its ticket can come first.
//!
//! Nothing is a syntax error: a lone operator is dropped, and the
//! characters full-text engines give a meaning to (`( ) : ^ { } + * "`…)
//! are read as separators inside a word, whose parts then match as a
//! phrase (`dcache.example.org:8443` is `"dcache example org 8443"`), so a
//! query never reaches the engine as syntax it did not mean. What is refused, with a reason, is an
//! empty query, one longer than [`MAX_QUERY_CHARS`], and one that only
//! excludes.

use serde::{Deserialize, Serialize};

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;

/// The most terms a query keeps; the rest are dropped.
pub const MAX_TERMS: usize = 32;

/// Why a query cannot be searched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// Nothing to search for.
    #[error("give one or more words to search for")]
    Empty,
    /// Too long.
    #[error("the search is {chars} characters long; at most {max} are accepted")]
    TooLong {
        /// Its length.
        chars: usize,
        /// The most accepted.
        max: usize,
    },
    /// Only exclusions: nothing would be found.
    #[error("the search only excludes words; give at least one word to find")]
    OnlyExcluded,
}

/// What a term matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermKind {
    /// A word, stemmed and folded by the engine.
    Word,
    /// Words in this order.
    Phrase,
    /// Words that begin so.
    Prefix,
}

/// One term of a clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// Its words, lower-case, without the engines' special characters (one
    /// word unless a phrase).
    pub words: Vec<String>,
    /// What it matches.
    pub kind: TermKind,
    /// Whether it excludes.
    pub negated: bool,
}

/// Terms that must all match (the excluded ones must not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    /// The terms, in the order typed.
    pub terms: Vec<Term>,
}

impl Clause {
    /// Whether the clause has a term to find.
    fn finds_something(&self) -> bool {
        self.terms.iter().any(|t| !t.negated)
    }
}

/// A parsed query: clauses of which one must match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    /// The alternatives.
    pub clauses: Vec<Clause>,
    /// The ticket numbers typed, in order.
    pub numbers: Vec<i64>,
}

/// A piece of the query as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Phrase(String),
    Or,
    And,
    Not,
}

impl SearchQuery {
    /// Parses `text`; see the module's documentation.
    pub fn parse(text: &str) -> Result<Self, QueryError> {
        let chars = text.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(QueryError::TooLong {
                chars,
                max: MAX_QUERY_CHARS,
            });
        }
        let mut clauses = vec![Clause { terms: Vec::new() }];
        let mut numbers = Vec::new();
        let mut negate = false;
        let mut kept = 0;
        for token in tokens(text) {
            match token {
                Token::Or => {
                    if clauses.last().is_some_and(|c| !c.terms.is_empty()) {
                        clauses.push(Clause { terms: Vec::new() });
                    }
                    negate = false;
                }
                Token::And => {}
                Token::Not => negate = true,
                Token::Word(raw) | Token::Phrase(raw) if kept >= MAX_TERMS => drop(raw),
                Token::Word(raw) => {
                    let (text, negated) = match raw.strip_prefix('-') {
                        Some(rest) => (rest.to_owned(), true),
                        None => (raw, false),
                    };
                    let prefix = text.ends_with('*');
                    let words = words_of(&text);
                    if words.is_empty() {
                        continue;
                    }
                    if let [only] = words.as_slice()
                        && let Ok(number) = only.parse::<i64>()
                        && !(negated || negate)
                    {
                        numbers.push(number);
                    }
                    let kind = match (words.len(), prefix) {
                        (1, true) => TermKind::Prefix,
                        (1, false) => TermKind::Word,
                        _ => TermKind::Phrase,
                    };
                    push(
                        &mut clauses,
                        Term {
                            words,
                            kind,
                            negated: negated || negate,
                        },
                    );
                    negate = false;
                    kept += 1;
                }
                Token::Phrase(raw) => {
                    let words = words_of(&raw);
                    if words.is_empty() {
                        continue;
                    }
                    let kind = if words.len() == 1 {
                        TermKind::Word
                    } else {
                        TermKind::Phrase
                    };
                    push(
                        &mut clauses,
                        Term {
                            words,
                            kind,
                            negated: negate,
                        },
                    );
                    negate = false;
                    kept += 1;
                }
            }
        }
        clauses.retain(|c| !c.terms.is_empty());
        if clauses.is_empty() {
            return Err(QueryError::Empty);
        }
        if !clauses.iter().all(Clause::finds_something) {
            return Err(QueryError::OnlyExcluded);
        }
        Ok(SearchQuery { clauses, numbers })
    }

    /// Every word to find (not excluded), once each, in order: what
    /// snippets highlight.
    pub fn found_words(&self) -> Vec<&str> {
        let mut found: Vec<&str> = Vec::new();
        for term in self.clauses.iter().flat_map(|c| &c.terms).filter(|t| !t.negated) {
            for word in &term.words {
                if !found.contains(&word.as_str()) {
                    found.push(word);
                }
            }
        }
        found
    }
}

fn push(clauses: &mut [Clause], term: Term) {
    if let Some(clause) = clauses.last_mut() {
        clause.terms.push(term);
    }
}

/// The query's pieces: quoted phrases, operators, and words.
fn tokens(text: &str) -> Vec<Token> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        rest = &rest[start..];
        if let Some(inside) = rest.strip_prefix('"') {
            let end = inside.find('"').unwrap_or(inside.len());
            found.push(Token::Phrase(inside[..end].to_owned()));
            rest = inside.get(end + 1..).unwrap_or("");
            continue;
        }
        let end = rest.find(|c: char| c.is_whitespace() || c == '"').unwrap_or(rest.len());
        let word = &rest[..end];
        found.push(match word {
            "OR" | "|" => Token::Or,
            "AND" | "&" => Token::And,
            "NOT" => Token::Not,
            _ => Token::Word(word.to_owned()),
        });
        rest = &rest[end..];
    }
    found
}

/// The words of `text`, lower-case: letters and digits, split at anything
/// else (so `dcache.example.org:8443` is four words, and `(`, `^`, `*`…
/// never reach an engine).
fn words_of(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: &str) -> Term {
        Term {
            words: vec![w.into()],
            kind: TermKind::Word,
            negated: false,
        }
    }

    fn not(mut term: Term) -> Term {
        term.negated = true;
        term
    }

    fn terms(query: &str) -> Vec<Vec<Term>> {
        SearchQuery::parse(query)
            .unwrap()
            .clauses
            .into_iter()
            .map(|c| c.terms)
            .collect()
    }

    #[test]
    fn words_must_all_match_and_or_gives_alternatives() {
        assert_eq!(terms("dCache Timeout"), [vec![word("dcache"), word("timeout")]]);
        assert_eq!(terms("a AND b"), [vec![word("a"), word("b")]]);
        assert_eq!(terms("a b OR c"), [vec![word("a"), word("b")], vec![word("c")]]);
    }

    #[test]
    fn phrases_prefixes_and_exclusions() {
        let phrase = Term {
            words: vec!["connection".into(), "refused".into()],
            kind: TermKind::Phrase,
            negated: false,
        };
        assert_eq!(
            terms("\"Connection refused\" -ssl"),
            [vec![phrase.clone(), not(word("ssl"))]]
        );
        assert_eq!(
            terms("srm NOT \"connection refused\""),
            [vec![word("srm"), not(phrase)]]
        );
        let prefix = Term {
            words: vec!["certif".into()],
            kind: TermKind::Prefix,
            negated: false,
        };
        assert_eq!(terms("certif*"), [vec![prefix]]);
    }

    #[test]
    fn broken_syntax_is_read_as_plain_words() {
        assert_eq!(terms("\"unbalanced quote"), terms("\"unbalanced quote\""));
        assert_eq!(terms("timeout OR"), terms("timeout"), "a lone operator is dropped");
        assert_eq!(terms("OR OR timeout AND"), terms("timeout"));
        let phrase = |words: &[&str]| Term {
            words: words.iter().map(|w| (*w).to_owned()).collect(),
            kind: TermKind::Phrase,
            negated: false,
        };
        assert_eq!(
            terms("NEAR(a b) col:x ^start {y} +z"),
            [vec![
                phrase(&["near", "a"]),
                word("b"),
                phrase(&["col", "x"]),
                word("start"),
                word("y"),
                word("z")
            ]],
            "FTS metacharacters are separators"
        );
        assert_eq!(
            terms("dcache.example.org:8443"),
            [vec![phrase(&["dcache", "example", "org", "8443"])]]
        );
        assert_eq!(
            terms("İSTANBUL"),
            terms("\"i stanbul\""),
            "a lower case that adds a mark splits there"
        );
        assert_eq!(SearchQuery::parse("AND").unwrap_err(), QueryError::Empty);
        assert_eq!(SearchQuery::parse("  \"\" ( ) ").unwrap_err(), QueryError::Empty);
        assert_eq!(
            SearchQuery::parse("-ssl NOT tls").unwrap_err(),
            QueryError::OnlyExcluded
        );
        assert_eq!(
            SearchQuery::parse("grid OR -ssl").unwrap_err(),
            QueryError::OnlyExcluded
        );
    }

    #[test]
    fn a_long_query_is_refused_with_its_length() {
        let long = "x".repeat(10_000);
        let error = SearchQuery::parse(&long).unwrap_err();
        assert_eq!(
            error,
            QueryError::TooLong {
                chars: 10_000,
                max: MAX_QUERY_CHARS
            }
        );
        assert!(error.to_string().contains("at most 500"));
        let many = vec!["w"; 100].join(" ");
        let kept: usize = terms(&many).iter().map(Vec::len).sum();
        assert_eq!(kept, MAX_TERMS);
    }

    #[test]
    fn a_ticket_number_is_kept_apart() {
        let query = SearchQuery::parse("100234 srm -100235").unwrap();
        assert_eq!(query.numbers, [100_234]);
        assert_eq!(query.found_words(), ["100234", "srm"]);
    }

    proptest::proptest! {
        /// Whatever is typed, the query is refused with a reason or parsed
        /// into plain lower-case words an engine reads as nothing else.
        #[test]
        fn any_text_parses_or_is_refused(text in "\\PC{0,120}") {
            match SearchQuery::parse(&text) {
                Ok(query) => {
                    proptest::prop_assert!(!query.clauses.is_empty());
                    for term in query.clauses.iter().flat_map(|c| &c.terms) {
                        proptest::prop_assert!(!term.words.is_empty());
                        for word in &term.words {
                            proptest::prop_assert!(word.chars().all(char::is_alphanumeric), "{word:?}");
                            proptest::prop_assert_eq!(word.to_lowercase(), word.clone());
                        }
                    }
                }
                Err(error) => proptest::prop_assert!(matches!(error, QueryError::Empty | QueryError::OnlyExcluded)),
            }
        }
    }
}
