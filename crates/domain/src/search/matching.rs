//! A parsed query in index tokens: what the backends compile to their own
//! syntax, and what snippets highlight.

use super::normalise::{Tokeniser, prefix_token};
use super::query::{SearchQuery, TermKind};

/// One term in index tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchTerm {
    /// The tokens, in order: one for a word or a prefix, several for a
    /// phrase.
    pub tokens: Vec<String>,
    /// Whether it matches tokens that begin with its one token.
    pub prefix: bool,
    /// Whether it excludes.
    pub negated: bool,
}

/// A query in index tokens: clauses of which one must match, each of
/// terms that must all match (the negated ones must not). Every clause has
/// a term that is not negated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchQuery {
    /// The alternatives.
    pub clauses: Vec<Vec<MatchTerm>>,
}

impl MatchQuery {
    /// `query` in index tokens. A term whose words give no token is
    /// dropped, and so is a clause left with nothing to find; `None` if no
    /// clause is left.
    pub fn of(query: &SearchQuery) -> Option<Self> {
        let mut tokeniser = Tokeniser::new();
        let clauses: Vec<Vec<MatchTerm>> = query
            .clauses
            .iter()
            .map(|clause| {
                clause
                    .terms
                    .iter()
                    .filter_map(|term| {
                        let tokens: Vec<String> = match term.kind {
                            TermKind::Prefix => vec![prefix_token(&term.words.join(" "))],
                            TermKind::Word | TermKind::Phrase => tokeniser
                                .text(&term.words.join(" "))
                                .split(' ')
                                .map(str::to_owned)
                                .collect(),
                        };
                        let tokens: Vec<String> = tokens.into_iter().filter(|t| !t.is_empty()).collect();
                        (!tokens.is_empty()).then_some(MatchTerm {
                            prefix: term.kind == TermKind::Prefix,
                            negated: term.negated,
                            tokens,
                        })
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|terms| terms.iter().any(|t| !t.negated))
            .collect();
        (!clauses.is_empty()).then_some(Self { clauses })
    }

    /// What a text's token shows as found: a token of a term not negated,
    /// or one that begins with a prefix not negated.
    pub fn highlights(&self, token: &str) -> bool {
        self.clauses.iter().flatten().filter(|t| !t.negated).any(|term| {
            if term.prefix {
                term.tokens.iter().any(|p| token.starts_with(p.as_str()))
            } else {
                term.tokens.iter().any(|t| t == token)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::normalise::index_word;

    fn compiled(text: &str) -> MatchQuery {
        MatchQuery::of(&SearchQuery::parse(text).unwrap()).unwrap()
    }

    #[test]
    fn words_phrases_and_prefixes_become_tokens() {
        let query = compiled("Certificats \"connexions refusées\" dca* -ssl OR 100234");
        assert_eq!(query.clauses.len(), 2);
        let first = &query.clauses[0];
        assert_eq!(first[0].tokens, [index_word("certificat")]);
        assert_eq!(first[1].tokens, [index_word("connexion"), index_word("refusé")]);
        assert!(first[2].prefix && first[2].tokens == ["dca"]);
        assert!(first[3].negated);
        assert_eq!(query.clauses[1][0].tokens, ["100234"]);
    }

    #[test]
    fn highlights_follow_found_terms_not_excluded_ones() {
        let query = compiled("certificate dca* -ssl");
        assert!(query.highlights(&index_word("certificates")));
        assert!(query.highlights(&index_word("dCache")));
        assert!(!query.highlights(&index_word("ssl")));
        assert!(!query.highlights(&index_word("timeout")));
    }
}
