//! The passage of a result's text shown under its title, with the words
//! the query found marked.
//!
//! Both are HTML: the text escaped, each found word inside `<mark>` and
//! `</mark>`. Found means what the engine matched: a word whose index
//! token a term of the query (not excluded) looks for, so `certificats`
//! is marked for `certificate`.

use super::matching::MatchQuery;
use super::normalise::Tokeniser;

/// How many words a snippet shows.
pub const SNIPPET_WORDS: usize = 28;

/// A word of a text: where it is, and whether the query found it.
struct Word {
    start: usize,
    end: usize,
    found: bool,
}

fn words_of(text: &str, query: &MatchQuery, tokeniser: &mut Tokeniser) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                let token = tokeniser.text(&text[from..at]);
                words.push(Word {
                    start: from,
                    end: at,
                    found: query.highlights(&token),
                });
                start = None;
            }
            _ => {}
        }
    }
    words
}

/// The passage of `texts` (in order: description, then replies…) where the
/// most of the query's words are found, about [`SNIPPET_WORDS`] long, with
/// an ellipsis where it cuts; the beginning of the first text if none is.
pub fn snippet(texts: &[&str], query: &MatchQuery) -> String {
    let mut tokeniser = Tokeniser::new();
    let mut best: Option<(usize, usize, usize)> = None; // (found, text, first word)
    let mut split: Vec<Vec<Word>> = Vec::with_capacity(texts.len());
    for (index, text) in texts.iter().enumerate() {
        let words = words_of(text, query, &mut tokeniser);
        let found_in = |from: usize| {
            words[from..(from + SNIPPET_WORDS).min(words.len())]
                .iter()
                .filter(|w| w.found)
                .count()
        };
        for from in (0..words.len()).filter(|&i| words[i].found) {
            // Start a little before the first found word, for context.
            let first = from.saturating_sub(4);
            let found = found_in(first);
            if best.is_none_or(|(most, _, _)| found > most) {
                best = Some((found, index, first));
            }
        }
        split.push(words);
    }
    let (text, first) = match best {
        Some((_, text, first)) => (text, first),
        None => match split.iter().position(|w| !w.is_empty()) {
            Some(text) => (text, 0),
            None => return String::new(),
        },
    };
    let words = &split[text];
    let last = (first + SNIPPET_WORDS).min(words.len()) - 1;
    let source = texts[text];
    let mut out = String::new();
    if first > 0 {
        out.push('…');
    }
    let mut at = words[first].start;
    for word in &words[first..=last] {
        push_escaped(&mut out, &source[at..word.start]);
        push_word(&mut out, &source[word.start..word.end], word.found);
        at = word.end;
    }
    if last + 1 < words.len() {
        out.push('…');
    } else {
        push_escaped(&mut out, source[at..].trim_end());
    }
    out
}

/// `text` whole (a title), escaped, with the found words marked.
pub fn highlight(text: &str, query: &MatchQuery) -> String {
    let mut tokeniser = Tokeniser::new();
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for word in words_of(text, query, &mut tokeniser) {
        push_escaped(&mut out, &text[at..word.start]);
        push_word(&mut out, &text[word.start..word.end], word.found);
        at = word.end;
    }
    push_escaped(&mut out, &text[at..]);
    out
}

fn push_word(out: &mut String, word: &str, found: bool) {
    if found {
        out.push_str("<mark>");
    }
    push_escaped(out, word);
    if found {
        out.push_str("</mark>");
    }
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchQuery;

    fn query(text: &str) -> MatchQuery {
        MatchQuery::of(&SearchQuery::parse(text).unwrap()).unwrap()
    }

    #[test]
    fn found_words_are_marked_by_stem_and_the_rest_escaped() {
        let marked = highlight("Les certificats <b>expirés</b> & co", &query("certificat expire"));
        assert_eq!(
            marked,
            "Les <mark>certificats</mark> &lt;b&gt;<mark>expirés</mark>&lt;/b&gt; &amp; co"
        );
    }

    #[test]
    fn the_passage_with_most_found_words_is_shown_with_ellipses() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let late = format!("{filler} the dCache pool reports a timeout again {filler}");
        let texts = ["nothing here", "only timeout here", late.as_str()];
        let shown = snippet(&texts, &query("dcache timeout"));
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(
            shown.contains("<mark>dCache</mark> pool reports a <mark>timeout</mark>"),
            "{shown}"
        );
        assert!(shown.split(' ').count() <= SNIPPET_WORDS + 1, "{shown}");
    }

    #[test]
    fn without_a_found_word_the_beginning_is_shown() {
        assert_eq!(snippet(&["", "A short reply."], &query("absent")), "A short reply.");
        assert_eq!(snippet(&[], &query("absent")), "");
        let shown = snippet(&["first second\nthird"], &query("third"));
        assert_eq!(shown, "first second <mark>third</mark>");
    }

    #[test]
    fn excluded_words_are_not_marked() {
        assert_eq!(highlight("srm ssl", &query("srm -ssl")), "<mark>srm</mark> ssl");
    }
}
