//! Similar solved cases, as pure rules: which words of a new ticket's
//! subject and description to look for among the solved ones.
//!
//! A ticket is hundreds of words; most of them (`the`, `nous`, `error`)
//! are in a large share of all tickets and say nothing of which case it
//! is. So the search for similar cases is an `OR` of a few of its words,
//! the ones that are in the fewest documents (the store counts them, up to
//! [`COUNT_CAP`]):
//!
//! 1. [`candidates`]: the words of the subject, then those of the
//!    description (the most repeated first), folded and stemmed like the
//!    index's tokens, without the French and English words that carry no
//!    meaning (articles, pronouns, greetings) and without one- or
//!    two-digit numbers;
//! 2. [`choose`]: of those, the rarest, while the documents they are found
//!    in add up to no more than [`BUDGET`], and no more than
//!    [`MAX_TERMS`]; never fewer than [`MIN_TERMS`] if there are that
//!    many, however common;
//! 3. [`query_of`]: those words as a query any of whose words matches, so
//!    that the ranking (bm25 or `ts_rank`) puts first the cases that share
//!    the most of the rarest words. The cases are those the words within
//!    the budget find ([`Chosen::within_budget`]); the words kept past it
//!    only add to their ranking, unless no word is within it.
//!
//! [`subject_query`] is the baseline it is measured against: every word
//! of the subject alone.

use std::collections::HashMap;

use super::matching::{MatchQuery, MatchTerm};
use super::normalise::{Tokeniser, fold};

/// The most words a search for similar cases looks for.
pub const MAX_TERMS: usize = 12;

/// The fewest words it looks for, when the text has that many: even common
/// words find something.
pub const MIN_TERMS: usize = 3;

/// How many documents the chosen words may be found in, together: past
/// it, a word is too common to tell cases apart.
pub const BUDGET: i64 = 2_000;

/// The store counts a word's documents up to this many.
pub const COUNT_CAP: i64 = BUDGET + 1;

/// The most candidate words taken from a text.
pub const MAX_CANDIDATES: usize = 24;

/// Words that carry no meaning, folded: French and English articles,
/// pronouns, prepositions, auxiliaries and the words of greetings.
const STOP_WORDS: &[&str] = &[
    // English.
    "a",
    "about",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "best",
    "but",
    "by",
    "can",
    "could",
    "dear",
    "did",
    "do",
    "does",
    "for",
    "from",
    "get",
    "got",
    "had",
    "has",
    "have",
    "he",
    "hello",
    "here",
    "hi",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "kind",
    "me",
    "more",
    "my",
    "no",
    "not",
    "now",
    "of",
    "on",
    "one",
    "or",
    "our",
    "please",
    "regards",
    "she",
    "since",
    "so",
    "some",
    "still",
    "than",
    "thank",
    "thanks",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "up",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    // French.
    "au",
    "aux",
    "avec",
    "avez",
    "avons",
    "bonjour",
    "c",
    "ce",
    "ces",
    "cet",
    "cette",
    "comme",
    "cordialement",
    "d",
    "dans",
    "de",
    "depuis",
    "des",
    "du",
    "elle",
    "elles",
    "en",
    "encore",
    "est",
    "et",
    "etait",
    "ete",
    "etre",
    "il",
    "ils",
    "j",
    "je",
    "l",
    "la",
    "le",
    "les",
    "leur",
    "leurs",
    "m",
    "ma",
    "mais",
    "merci",
    "mes",
    "meme",
    "mon",
    "n",
    "ne",
    "nos",
    "notre",
    "nous",
    "ont",
    "ou",
    "par",
    "pas",
    "peut",
    "plus",
    "pour",
    "qu",
    "que",
    "qui",
    "s",
    "sa",
    "sans",
    "se",
    "ses",
    "son",
    "sont",
    "sur",
    "svp",
    "t",
    "tout",
    "tous",
    "tres",
    "un",
    "une",
    "vos",
    "votre",
    "vous",
    "y",
];

/// A word of the text that may be looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Its index token.
    pub token: String,
    /// Whether the subject has it.
    pub in_subject: bool,
    /// How many times the text has it.
    pub count: u32,
}

/// Whether a folded word carries meaning: not a stop word, and not a
/// number of one or two digits (a count, a day); an HTTP status, an error
/// code or a ticket's number is kept.
fn meaningful(folded: &str) -> bool {
    if folded.chars().all(|c| c.is_ascii_digit()) {
        return folded.len() >= 3;
    }
    folded.chars().count() >= 2 && !STOP_WORDS.contains(&folded)
}

/// The words of `subject` and `body` that may be looked for, as index
/// tokens, each once: the subject's first in their order, then the
/// body's, the most repeated first; at most [`MAX_CANDIDATES`].
pub fn candidates(subject: &str, body: &str) -> Vec<Candidate> {
    let mut tokeniser = Tokeniser::new();
    let mut found: Vec<Candidate> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for (text, in_subject) in [(subject, true), (body, false)] {
        for word in fold(text).split(' ').filter(|w| meaningful(w)) {
            let token = tokeniser.text(word);
            if token.is_empty() {
                continue;
            }
            match at.get(&token) {
                Some(&i) => found[i].count += 1,
                None => {
                    at.insert(token.clone(), found.len());
                    found.push(Candidate {
                        token,
                        in_subject,
                        count: 1,
                    });
                }
            }
        }
    }
    // A stable sort: the subject's words first, in order; then the body's
    // by how often they come, ties in order.
    found.sort_by_key(|c| (!c.in_subject, if c.in_subject { 0 } else { u32::MAX - c.count }));
    found.truncate(MAX_CANDIDATES);
    found
}

/// A word chosen to look for.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    /// Its index token.
    pub token: String,
    /// How much it weighs in the ranking: the rarer, the more
    /// ([`weight`]).
    pub weight: f64,
    /// Whether its documents and those of the rarer words chosen before it
    /// add up to [`BUDGET`] or less. Those past the budget (kept to reach
    /// [`MIN_TERMS`]) should only weigh in the ranking of the cases the
    /// others find: looking for all of their documents would drown an old
    /// case's rare word among the newest common ones.
    pub within_budget: bool,
}

/// How much a word found in `docs` documents weighs: its inverse document
/// frequency against [`COUNT_CAP`], `ln(1 + cap / docs)`, from about 0.7
/// for a word at the cap to about 7.6 for a word in one document. For a
/// backend whose ranking has no such weight (PostgreSQL's `ts_rank`).
pub fn weight(docs: i64) -> f64 {
    (1.0 + COUNT_CAP as f64 / docs.max(1) as f64).ln()
}

/// The words to look for, of `candidates` whose documents the store
/// counted as `docs` (in the same order, capped at [`COUNT_CAP`]): the
/// rarest first (a subject's word before a body's at equal counts), while
/// their documents add up to [`BUDGET`] or less, at most [`MAX_TERMS`] of
/// them and at least [`MIN_TERMS`]. A word found in no document is left
/// out: it cannot match.
pub fn choose(candidates: &[Candidate], docs: &[i64]) -> Vec<Chosen> {
    let mut ranked: Vec<(&Candidate, i64)> = candidates
        .iter()
        .zip(docs.iter().copied())
        .filter(|(_, docs)| *docs > 0)
        .collect();
    ranked.sort_by_key(|(c, docs)| (*docs, !c.in_subject));
    let mut chosen = Vec::new();
    let mut total = 0_i64;
    for (candidate, docs) in ranked {
        let within = total + docs <= BUDGET;
        if chosen.len() >= MAX_TERMS || (!within && chosen.len() >= MIN_TERMS) {
            break;
        }
        total += docs;
        chosen.push(Chosen {
            token: candidate.token.clone(),
            weight: weight(docs),
            within_budget: within,
        });
    }
    chosen
}

/// A query any of whose `tokens` matches; `None` without tokens.
pub fn query_of(tokens: &[String]) -> Option<MatchQuery> {
    let clauses: Vec<Vec<MatchTerm>> = tokens
        .iter()
        .filter(|t| !t.is_empty())
        .map(|token| {
            vec![MatchTerm {
                tokens: vec![token.clone()],
                prefix: false,
                negated: false,
            }]
        })
        .collect();
    (!clauses.is_empty()).then_some(MatchQuery { clauses })
}

/// The baseline: every word of `subject`, any of which matches (plain
/// bm25 on the subject alone).
pub fn subject_query(subject: &str) -> Option<MatchQuery> {
    let mut tokens: Vec<String> = Vec::new();
    for token in Tokeniser::new().text(subject).split(' ') {
        if !token.is_empty() && !tokens.iter().any(|t| t == token) {
            tokens.push(token.to_owned());
        }
    }
    query_of(&tokens)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::normalise::index_word;

    #[test]
    fn candidates_drop_empty_words_and_keep_the_subject_first() {
        let found = candidates(
            "Les transferts échouent vers dCache",
            "Bonjour, nous voyons des erreurs SRM. Les erreurs SRM continuent depuis 2 jours: E01234.",
        );
        let tokens: Vec<&str> = found.iter().map(|c| c.token.as_str()).collect();
        let expected_start = [
            index_word("transferts"),
            index_word("échouent"),
            index_word("vers"),
            index_word("dcache"),
        ];
        assert_eq!(
            tokens[..4],
            expected_start.iter().map(String::as_str).collect::<Vec<_>>()[..]
        );
        assert!(found[..4].iter().all(|c| c.in_subject));
        // The body's most repeated words come next.
        let next: Vec<&str> = tokens[4..6].to_vec();
        assert!(
            next.contains(&index_word("erreurs").as_str()) && next.contains(&"srm"),
            "{tokens:?}"
        );
        assert!(tokens.contains(&"e01234"));
        for dropped in ["bonjour", "nous", "des", "2", "les"] {
            assert!(
                !tokens.contains(&index_word(dropped).as_str()),
                "{dropped} in {tokens:?}"
            );
        }
    }

    #[test]
    fn candidates_are_counted_and_capped() {
        let body: String = (0..100).map(|i| format!("word{i} ")).collect();
        let found = candidates("", &format!("{body} word7 word7"));
        assert_eq!(found.len(), MAX_CANDIDATES);
        assert_eq!(found[0].token, "word7");
        assert_eq!(found[0].count, 3);
    }

    fn candidate(token: &str, in_subject: bool) -> Candidate {
        Candidate {
            token: token.into(),
            in_subject,
            count: 1,
        }
    }

    fn tokens(chosen: &[Chosen]) -> Vec<&str> {
        chosen.iter().map(|c| c.token.as_str()).collect()
    }

    #[test]
    fn choose_takes_the_rarest_within_the_budget() {
        let all = [
            candidate("common", true),
            candidate("rare", false),
            candidate("medium", false),
            candidate("absent", true),
            candidate("subjectrare", true),
        ];
        let docs = [COUNT_CAP, 3, 2_000, 0, 3];
        // Equal counts: the subject's word first; nothing found: left out.
        let chosen = choose(&all, &docs);
        assert_eq!(tokens(&chosen), ["subjectrare", "rare", "medium"]);
        assert!(chosen[1].weight > chosen[2].weight, "the rarer weighs more");
        let within: Vec<bool> = chosen.iter().map(|c| c.within_budget).collect();
        assert_eq!(within, [true, true, false], "medium is kept past the budget");
    }

    #[test]
    fn choose_keeps_a_few_common_words_rather_than_nothing() {
        let all = [
            candidate("a1", true),
            candidate("a2", true),
            candidate("a3", true),
            candidate("a4", false),
        ];
        let docs = [COUNT_CAP, COUNT_CAP - 5, COUNT_CAP, COUNT_CAP];
        let chosen = choose(&all, &docs);
        assert_eq!(tokens(&chosen), ["a2", "a1", "a3"]);
        let within: Vec<bool> = chosen.iter().map(|c| c.within_budget).collect();
        assert_eq!(within, [true, false, false], "only the first fits the budget");
    }

    #[test]
    fn choose_stops_at_the_most_terms() {
        let all: Vec<Candidate> = (0..20).map(|i| candidate(&format!("t{i}"), false)).collect();
        let docs = vec![1; 20];
        assert_eq!(choose(&all, &docs).len(), MAX_TERMS);
    }

    #[test]
    fn weights_fall_as_words_get_common() {
        assert!(weight(1) > 7.0 && weight(1) < 8.0);
        assert!(weight(COUNT_CAP) > 0.6 && weight(COUNT_CAP) < 0.7);
        assert!(weight(10) > weight(100));
        assert_eq!(weight(0), weight(1), "never divides by zero");
    }

    #[test]
    fn queries_match_any_word() {
        let query = query_of(&["srm".into(), "dcach".into()]).unwrap();
        assert_eq!(query.clauses.len(), 2);
        assert!(query.highlights("srm") && query.highlights("dcach"));
        assert!(query_of(&[]).is_none());
        let baseline = subject_query("SRM SRM timeout").unwrap();
        assert_eq!(baseline.clauses.len(), 2);
        assert!(subject_query("  ").is_none());
    }
}
