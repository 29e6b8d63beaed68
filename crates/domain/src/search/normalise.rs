//! How text is indexed and matched: the same on both backends, so that
//! SQLite (which has no French stemmer) and PostgreSQL (whose stemmers do
//! not fold accents without the `unaccent` extension) find the same
//! tickets.
//!
//! - [`fold`]: lower case, accents and ligatures folded (`Problème de
//!   cœur` → `probleme de coeur`), words of letters and digits separated by
//!   single spaces.
//! - [`index_word`]: the one token a word is indexed and looked for by,
//!   its *bilingual stem*: the word folded, stemmed by the English
//!   Snowball rules, then by the French ones (of the orders tried, the one
//!   that kept the most singular and plural forms together, such as
//!   `connexions` and `connexion`). One token per word keeps word positions, so phrases
//!   match on stems too, and keeps the index half the size of one holding
//!   words and stems apart. `certificats` and `certificate` meet, and so
//!   do `expired` and `expires`, or `refusées` and `refusé`. Digits stay
//!   as they are.
//! - [`prefix_token`]: what a prefix (`certif*`) is looked for by among
//!   those tokens.
//! - [`Tokeniser`]: [`index_text`] with a cache of the words already
//!   seen, for the bulk loader and the index writer, where the same words
//!   come back all the time.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// `text` in lower case, accents and ligatures folded, as words of letters
/// and digits separated by single spaces.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut in_word = false;
    for c in text.nfd().flat_map(char::to_lowercase) {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if !in_word && !folded.is_empty() {
                folded.push(' ');
            }
            push_folded(&mut folded, c);
            in_word = true;
        } else {
            in_word = false;
        }
    }
    folded
}

/// Pushes `c`, with the ligatures and letters that decompose to no base
/// letter spelled out.
fn push_folded(out: &mut String, c: char) {
    match c {
        'œ' => out.push_str("oe"),
        'æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        'ø' => out.push('o'),
        'đ' => out.push('d'),
        'ł' => out.push('l'),
        'ı' => out.push('i'),
        c => out.push(c),
    }
}

/// The stemmers (they hold no state between words).
struct Stemmers {
    french: Stemmer,
    english: Stemmer,
}

impl Stemmers {
    fn new() -> Self {
        Self {
            french: Stemmer::create(Algorithm::French),
            english: Stemmer::create(Algorithm::English),
        }
    }

    /// The bilingual stem of one lower-case word.
    fn stem(&self, word: &str) -> String {
        if word.bytes().all(|b| b.is_ascii_digit()) {
            return word.to_owned();
        }
        // `fold` keeps a word whole but for the separators it may hold.
        let folded: String = fold(word).split(' ').collect();
        let english = self.english.stem(&folded);
        self.french.stem(&english).into_owned()
    }
}

/// Puts `word` in lower case into `out`, accents kept (composed, as the
/// stemmers expect them).
fn lower_accented(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        out.extend(word.nfc().flat_map(char::to_lowercase));
    }
}

/// The token one word is indexed and looked for by (see the module's
/// documentation); empty for a word with no letter or digit. A word the
/// query splits (`a-b`) gives the tokens of its parts, space-separated.
pub fn index_word(word: &str) -> String {
    index_text(word)
}

/// The tokens of every word of `text`, in order, separated by single
/// spaces.
pub fn index_text(text: &str) -> String {
    Tokeniser::new().text(text)
}

/// Endings tried after a prefix, to see how far stemming cuts the words
/// it begins.
const ENDINGS: [&str; 12] = [
    "", "e", "s", "es", "ed", "ing", "ion", "ions", "ation", "er", "ement", "ment",
];

/// What a prefix typed as `p*` is looked for by: the shortest part of it
/// that the stems of the prefix and of the prefix with a common ending
/// keep, but no shorter than three letters (or the prefix). So
/// `certificat*` looks for tokens beginning with `certif`, which
/// `certificate` and `certificats` are indexed by, and `authenticat*` for
/// `authent`. A prefix may thus find a few more words than it begins.
pub fn prefix_token(prefix: &str) -> String {
    let folded: String = fold(prefix).split(' ').collect();
    let floor = folded.chars().count().min(3);
    let stemmers = Stemmers::new();
    let mut shortest = folded.clone();
    for ending in ENDINGS {
        let stem = stemmers.stem(&format!("{folded}{ending}"));
        let kept: String = folded
            .chars()
            .zip(stem.chars())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a)
            .collect();
        if kept.chars().count() >= floor && kept.len() < shortest.len() {
            shortest = kept;
        }
    }
    shortest
}

/// Tokenises text into index tokens, remembering each word's token.
pub struct Tokeniser {
    stemmers: Stemmers,
    seen: HashMap<String, String>,
}

/// The most words a [`Tokeniser`] remembers; past it, it starts afresh.
const MAX_REMEMBERED: usize = 200_000;

impl Default for Tokeniser {
    fn default() -> Self {
        Self::new()
    }
}

impl Tokeniser {
    /// A tokeniser that has seen nothing.
    pub fn new() -> Self {
        Self {
            stemmers: Stemmers::new(),
            seen: HashMap::new(),
        }
    }

    /// The tokens of `text`, in order, separated by single spaces.
    pub fn text(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        self.push_text(&mut out, text);
        out
    }

    /// Appends the tokens of `text` to `out`, a space before each.
    pub fn push_text(&mut self, out: &mut String, text: &str) {
        let mut word = String::new();
        for raw in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            lower_accented(raw, &mut word);
            if !self.seen.contains_key(&word) {
                if self.seen.len() >= MAX_REMEMBERED {
                    self.seen.clear();
                }
                let token = self.stemmers.stem(&word);
                self.seen.insert(word.clone(), token);
            }
            let token = &self.seen[&word];
            if token.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(token);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_ligatures_and_case_are_folded() {
        assert_eq!(fold("Problème de CŒUR à l'été"), "probleme de coeur a l ete");
        assert_eq!(fold("  dCache-pool_3 : «timeout»  "), "dcache pool 3 timeout");
        assert_eq!(fold("Straße Øresund"), "strasse oresund");
        assert_eq!(fold("éÉèÈêÊëËçÇîÏôÛüÿ"), "eeeeeeeecciiouuy");
        assert_eq!(fold("…, ; !"), "");
    }

    #[test]
    fn french_and_english_forms_meet_at_one_token() {
        let same = |a: &str, b: &str| {
            assert_eq!(index_word(a), index_word(b), "{a} / {b}");
        };
        same("certificats", "certificat");
        same("certificate", "certificates");
        same("expired", "expires");
        same("connexions", "connexion");
        same("refusées", "refusé");
        same("vérifiée", "vérifier");
        same("serveurs", "Serveur");
        same("ÉCHOUÉ", "echoue");
        assert_ne!(index_word("timeout"), index_word("certificate"));
        assert_ne!(index_word("disk"), index_word("disque"), "translations are not stems");
        assert_eq!(index_text("2009 100234"), "2009 100234", "numbers stay as they are");
    }

    #[test]
    fn a_text_has_one_token_per_word_in_order() {
        let text = index_text("The certificates EXPIRED at IN2P3-CC, l'été");
        assert_eq!(text.split(' ').count(), 8, "{text}");
        assert_eq!(text.split(' ').nth(1), Some(index_word("certificate").as_str()));
        assert!(text.contains("in2p3"), "{text}");
        assert!(text.is_ascii(), "accents are folded: {text}");
        assert_eq!(index_text("--  …"), "");
    }

    #[test]
    fn a_prefix_is_looked_for_by_the_part_its_stem_keeps() {
        assert_eq!(prefix_token("certif"), "certif");
        let certificate = index_word("certificate");
        assert!(certificate.starts_with(&prefix_token("certificat")), "{certificate}");
        assert!(index_word("dcache").starts_with(&prefix_token("dca")));
        assert!(index_word("échouées").starts_with(&prefix_token("échou")));
        let authentication = index_word("authentication");
        assert!(
            authentication.starts_with(&prefix_token("authenticat")),
            "{authentication}"
        );
        assert_eq!(prefix_token("IN2P3"), "in2p3");
        assert_eq!(prefix_token("ab"), "ab", "never shorter than typed below three letters");
        assert!(prefix_token("serv").len() >= 3);
    }

    #[test]
    fn the_cache_gives_what_the_rules_give() {
        let mut tokeniser = Tokeniser::new();
        let text = "Les serveurs refusent les connexions; the servers refuse connections";
        assert_eq!(tokeniser.text(text), index_text(text));
        assert_eq!(tokeniser.text(text), index_text(text), "from the cache");
    }
}
