//! How text is indexed and matched: the same on both backends, so that
//! SQLite (which has no French stemmer) and PostgreSQL (whose stemmers do
//! not fold accents without the `unaccent` extension) find the same
//! tickets.
//!
//! - [`fold`]: lower case, accents and ligatures folded (`Problème de
//!   cœur` → `probleme de coeur`), words of letters and digits separated by
//!   single spaces. Phrases and prefixes are matched on it.
//! - [`stems`]: each word's French and English stems (Snowball), folded,
//!   once each when they agree, so `certificats` and `certificate` meet,
//!   and so do `expired` and `expires`, or `refusées` and `refusé`. The
//!   French stemmer reads the word with its accents (its rules need them);
//!   the English one reads it folded. Words are matched on it.
//!
//! A query word is looked for by either of its stems ([`word_stems`]), in
//! the stems of the text.

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

/// The stemmers, made once per call of [`stems`] or [`word_stems`] (they
/// hold no state between words and are cheap to make).
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

    /// The stems of one lower-case word: French (stemmed with its accents,
    /// which the French rules read, then folded), then English (of the
    /// folded word) if it differs.
    fn of(&self, word: &str) -> (String, Option<String>) {
        let french = fold(&self.french.stem(word));
        let english = self.english.stem(&fold(word)).into_owned();
        let english = (english != french).then_some(english);
        (french, english)
    }
}

/// The words of `text` in lower case, accents kept (composed, as the
/// stemmers expect them).
fn accented_words(text: &str) -> Vec<String> {
    let lower: String = text.nfc().flat_map(char::to_lowercase).collect();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The stems of every word of `text`, separated by single spaces: a word's
/// French stem, then its English one when it differs, both folded. Digits
/// stay as they are.
pub fn stems(text: &str) -> String {
    let stemmers = Stemmers::new();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for word in accented_words(text) {
        let (french, english) = stemmers.of(&word);
        for stem in std::iter::once(french).chain(english).filter(|s| !s.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&stem);
        }
    }
    out
}

/// The stems a query word is looked for by: one, or two when French and
/// English disagree (more for a word the query splits, such as `a-b`).
pub fn word_stems(word: &str) -> Vec<String> {
    let stemmers = Stemmers::new();
    accented_words(word)
        .iter()
        .flat_map(|w| {
            let (french, english) = stemmers.of(w);
            std::iter::once(french).chain(english)
        })
        .filter(|s| !s.is_empty())
        .collect()
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
    fn french_and_english_forms_meet_at_their_stems() {
        let stem_set = |text: &str| stems(text).split(' ').map(str::to_owned).collect::<Vec<_>>();
        let shared = |a: &str, b: &str| stem_set(a).iter().any(|s| stem_set(b).contains(s));
        assert!(shared("certificats", "certificat"), "French plural");
        assert!(shared("expired", "expires"), "English inflections");
        assert!(shared("connexions", "connexion"));
        assert!(
            shared("refusées", "refusé"),
            "{} / {}",
            stems("refusées"),
            stems("refusé")
        );
        assert!(
            shared("vérifiée", "vérifier"),
            "{} / {}",
            stems("vérifiée"),
            stems("vérifier")
        );
        assert!(shared("Les serveurs", "serveur"));
        assert!(!shared("timeout", "certificate"));
        assert_eq!(stems("2009 100234"), "2009 100234", "numbers stay as they are");
    }

    #[test]
    fn a_query_word_is_looked_for_by_each_of_its_stems() {
        let indexed = stems("The certificates expired");
        for word in ["certificate", "expiring", "EXPIRED"] {
            let wanted = word_stems(word);
            assert!(!wanted.is_empty());
            assert!(
                wanted.iter().any(|s| indexed.split(' ').any(|i| i == s)),
                "{word}: {wanted:?} in {indexed}"
            );
        }
        assert_eq!(word_stems("--"), Vec::<String>::new());
    }
}
