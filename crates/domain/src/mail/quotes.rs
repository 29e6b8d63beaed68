//! Quoted text and signatures in the plain-text body of an incoming mail.
//!
//! A page folds them away; nothing is ever deleted: the segments of
//! [`fold`], put back together, are the body byte for byte, line endings
//! (`\n` or `\r\n`) included. The rules, read line by line:
//!
//! - A line that starts with `>` is quoted. A run of them, with the blank
//!   lines between them, is a [`Segment::Quote`]. An attribution just before
//!   (`On … wrote:`, `Le … a écrit :`, possibly wrapped over two lines and
//!   followed by blank lines) is the quote's attribution; so is a quoted one
//!   that opens the quote (`> On … wrote:`, as Apple Mail on iOS writes it).
//! - A separator (`-----Original Message-----`, `-----Message d'origine-----`,
//!   a line of 30 or more underscores) or a header block (`From:` then
//!   `Sent:` or `Date:`, `De :` then `Envoyé :` or `Date :`) quotes everything
//!   to the end of the body, as Outlook does; the separator and the headers
//!   are the attribution.
//! - A forwarded message (`---------- Forwarded message ---------`,
//!   `Begin forwarded message:` and their French forms) is content the writer
//!   chose to send: it and everything after it stay text.
//! - `-- ` (or `--`) alone on a line starts a [`Segment::Signature`] that runs
//!   until a quote or a forwarded message starts. So does a mobile trailer
//!   (`Sent from my iPhone`, `Envoyé de mon iPad`, `Get Outlook for iOS`…)
//!   when it is the last line of the writer's words.
//! - Everything else is the writer's [`Segment::Text`]. Nothing is guessed
//!   beyond these rules.
//!
//! The work is linear in the size of the body.

/// A part of a mail body, as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// The writer's own words.
    Text(String),
    /// Quoted earlier mail: the attribution line(s) if any ("On … wrote:"), then the quoted lines.
    Quote {
        /// The line(s) saying who wrote the quoted mail, and when.
        attribution: Option<String>,
        /// The quoted lines.
        body: String,
    },
    /// A signature block.
    Signature(String),
}

/// Splits a plain-text body into text, quotes and signatures. Adjacent
/// segments are never of the same kind, none is empty, and an empty body has
/// none.
pub fn fold(body: &str) -> Vec<Segment> {
    Body::new(body).fold()
}

/// The writer's own words only (Text segments joined), for previews and for the notification excerpt.
/// Surrounding white space is trimmed.
pub fn own_words(body: &str) -> String {
    let mut words = String::new();
    for segment in fold(body) {
        if let Segment::Text(text) = segment {
            words.push_str(&text);
        }
    }
    words.trim().to_owned()
}

/// What a line ends with when it writes a reply's attribution in English.
const WROTE: &str = "wrote:";

/// The trailers mobile mail programs add under the writer's words.
const TRAILERS: [&str; 9] = [
    "Sent from my iPhone",
    "Sent from my iPad",
    "Sent from my Android",
    "Sent from Outlook for iOS",
    "Sent from Outlook for Android",
    "Get Outlook for ",
    "Obtenir Outlook pour ",
    "Envoyé de mon ",
    "Envoyé depuis ",
];

/// A trailer longer than this, in characters, is a sentence, not a trailer.
const TRAILER_MAX_CHARS: usize = 80;

/// The headers an Outlook block may hold.
const HEADERS: [&str; 16] = [
    "From",
    "Sent",
    "Date",
    "To",
    "Cc",
    "Bcc",
    "Subject",
    "Reply-To",
    "Importance",
    "De",
    "Envoyé",
    "À",
    "A",
    "Cci",
    "Objet",
    "Répondre à",
];

/// One line of the body.
struct Line<'a> {
    /// Where the line starts in the body.
    start: usize,
    /// The line without its ending.
    text: &'a str,
}

/// How a quote starts on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// The line is quoted.
    Quoted,
    /// The line begins an attribution of that many lines, before quoted lines.
    Attribution(usize),
    /// The line begins an Outlook block, which runs to the end.
    Outlook,
}

/// Where the walk through the lines is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// In the writer's words.
    Own,
    /// In a signature.
    Signature,
    /// In a run of quoted lines.
    Quote,
}

/// What a piece of the body is added as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// The writer's words.
    Text,
    /// A signature's lines.
    Signature,
    /// Who wrote a quote; quoted text if the quote already has some.
    Attribution,
    /// Quoted lines.
    Quoted,
}

/// A body cut into lines, with what the rules need to know ahead.
struct Body<'a> {
    source: &'a str,
    lines: Vec<Line<'a>>,
    /// For each line, the first non-blank line from it on (the line count if none).
    next_filled: Vec<usize>,
    /// For each line, whether and how a quote starts on it.
    starts: Vec<Option<Start>>,
    segments: Vec<Segment>,
}

impl<'a> Body<'a> {
    fn new(source: &'a str) -> Self {
        let lines = split_lines(source);
        let next_filled = next_filled(&lines);
        let starts = (0..lines.len()).map(|i| quote_start(&lines, &next_filled, i)).collect();
        Self {
            source,
            lines,
            next_filled,
            starts,
            segments: Vec::new(),
        }
    }

    fn fold(mut self) -> Vec<Segment> {
        let mut mode = Mode::Own;
        let mut i = 0;
        while i < self.lines.len() {
            (mode, i) = match mode {
                Mode::Quote => self.in_quote(i),
                Mode::Own | Mode::Signature => self.outside_quote(mode, i),
            };
        }
        self.segments
    }

    /// One step in the writer's words or signature, from line `i`.
    fn outside_quote(&mut self, mode: Mode, i: usize) -> (Mode, usize) {
        if let Some(start) = self.starts[i] {
            return self.open_quote(start, i);
        }
        let text = self.lines[i].text;
        if is_forward_marker(text) {
            self.push(Piece::Text, &self.source[self.lines[i].start..]);
            return (Mode::Own, self.lines.len());
        }
        let signs =
            mode == Mode::Signature || is_signature_delimiter(text) || (is_trailer(text) && self.ends_own_words(i + 1));
        let (mode, piece) = if signs {
            (Mode::Signature, Piece::Signature)
        } else {
            (Mode::Own, Piece::Text)
        };
        self.push_lines(piece, i, i + 1);
        (mode, i + 1)
    }

    /// One step in a run of quoted lines, from line `i`.
    fn in_quote(&mut self, i: usize) -> (Mode, usize) {
        let text = self.lines[i].text;
        if is_quoted(text) {
            self.push_lines(Piece::Quoted, i, i + 1);
            return (Mode::Quote, i + 1);
        }
        if is_blank(text) {
            let next = self.next_filled[i];
            if next == self.lines.len() || self.starts[next].is_some() {
                self.push_lines(Piece::Quoted, i, next);
                return (Mode::Quote, next);
            }
            return (Mode::Own, i);
        }
        match self.starts[i] {
            Some(start) => self.open_quote(start, i),
            None => (Mode::Own, i),
        }
    }

    /// Adds the attribution starting a quote on line `i`, or its first line.
    fn open_quote(&mut self, start: Start, i: usize) -> (Mode, usize) {
        let end = match start {
            Start::Quoted => self.quoted_attribution_end(i),
            Start::Attribution(lines) => self.next_filled[i + lines],
            Start::Outlook => self.headers_end(i),
        };
        self.push_lines(Piece::Attribution, i, end);
        if start != Start::Outlook {
            return (Mode::Quote, end);
        }
        let rest = self.lines.get(end).map_or("", |line| &self.source[line.start..]);
        self.push(Piece::Quoted, rest);
        (Mode::Quote, self.lines.len())
    }

    /// The end of a quoted attribution on line `i` and the quoted blank lines
    /// after it; `i` itself if the line is not one.
    fn quoted_attribution_end(&self, i: usize) -> usize {
        if !is_attribution(unquote(self.lines[i].text)) {
            return i;
        }
        let mut end = i + 1;
        while self
            .lines
            .get(end)
            .is_some_and(|line| is_quoted(line.text) && is_blank(unquote(line.text)))
        {
            end += 1;
        }
        end
    }

    /// The end of the Outlook separator and headers on line `i` and of the
    /// blank lines after them.
    fn headers_end(&self, i: usize) -> usize {
        let mut end = i + usize::from(is_outlook_separator(self.lines[i].text));
        while self.lines.get(end).is_some_and(|line| is_header(line.text)) {
            end += 1;
        }
        self.next_filled[end]
    }

    /// Whether the writer's words end before line `i`: only blank lines lie
    /// between it and the end, a quote, a signature or a forwarded message.
    fn ends_own_words(&self, i: usize) -> bool {
        let Some(&next) = self.next_filled.get(i) else {
            return true;
        };
        match self.lines.get(next) {
            None => true,
            Some(line) => {
                self.starts[next].is_some() || is_signature_delimiter(line.text) || is_forward_marker(line.text)
            }
        }
    }

    fn push_lines(&mut self, piece: Piece, from: usize, to: usize) {
        if from < to {
            let end = self.lines.get(to).map_or(self.source.len(), |line| line.start);
            self.push(piece, &self.source[self.lines[from].start..end]);
        }
    }

    /// Adds a piece, merged into the last segment when it is of the same kind.
    fn push(&mut self, piece: Piece, raw: &str) {
        if raw.is_empty() {
            return;
        }
        match (self.segments.last_mut(), piece) {
            (Some(Segment::Text(text)), Piece::Text) | (Some(Segment::Signature(text)), Piece::Signature) => {
                text.push_str(raw);
            }
            (Some(Segment::Quote { attribution, body }), Piece::Attribution) if body.is_empty() => {
                attribution.get_or_insert_with(String::new).push_str(raw);
            }
            (Some(Segment::Quote { body, .. }), Piece::Attribution | Piece::Quoted) => body.push_str(raw),
            (_, Piece::Text) => self.segments.push(Segment::Text(raw.to_owned())),
            (_, Piece::Signature) => self.segments.push(Segment::Signature(raw.to_owned())),
            (_, Piece::Attribution) => {
                self.segments.push(Segment::Quote {
                    attribution: Some(raw.to_owned()),
                    body: String::new(),
                });
            }
            (_, Piece::Quoted) => self.segments.push(Segment::Quote {
                attribution: None,
                body: raw.to_owned(),
            }),
        }
    }
}

fn split_lines(source: &str) -> Vec<Line<'_>> {
    let mut start = 0;
    let mut lines = Vec::new();
    for raw in source.split_inclusive('\n') {
        let text = raw.strip_suffix('\n').unwrap_or(raw);
        let text = text.strip_suffix('\r').unwrap_or(text);
        lines.push(Line { start, text });
        start += raw.len();
    }
    lines
}

fn next_filled(lines: &[Line<'_>]) -> Vec<usize> {
    let mut next = vec![lines.len(); lines.len() + 1];
    for i in (0..lines.len()).rev() {
        next[i] = if is_blank(lines[i].text) { next[i + 1] } else { i };
    }
    next
}

/// Whether and how a quote starts on line `i`.
fn quote_start(lines: &[Line<'_>], next_filled: &[usize], i: usize) -> Option<Start> {
    let text = lines[i].text;
    if is_quoted(text) {
        return Some(Start::Quoted);
    }
    if is_outlook_separator(text) || is_outlook_headers(text, lines.get(i + 1)) {
        return Some(Start::Outlook);
    }
    let length = attribution_length(text, lines.get(i + 1))?;
    let quoted = lines
        .get(next_filled[i + length])
        .is_some_and(|line| is_quoted(line.text));
    quoted.then_some(Start::Attribution(length))
}

/// How many lines an attribution starting with `text` has (one, or two when
/// a mail program wrapped it), if it is one.
fn attribution_length(text: &str, next: Option<&Line<'_>>) -> Option<usize> {
    if is_attribution(text) {
        return Some(1);
    }
    let next = next?.text;
    let wrapped =
        opens_attribution(text) && !is_quoted(next) && closes_attribution(next) && (has_digit(text) || has_digit(next));
    wrapped.then_some(2)
}

fn is_attribution(text: &str) -> bool {
    opens_attribution(text) && closes_attribution(text) && has_digit(text)
}

fn opens_attribution(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with("On ") || text.starts_with("Le ")
}

fn closes_attribution(text: &str) -> bool {
    let text = text.trim_end();
    text.ends_with(WROTE)
        || text
            .strip_suffix(':')
            .is_some_and(|head| head.trim_end().ends_with("a écrit"))
}

fn has_digit(text: &str) -> bool {
    text.bytes().any(|byte| byte.is_ascii_digit())
}

fn is_quoted(text: &str) -> bool {
    text.starts_with('>')
}

/// The text of a quoted line without its first `>` and the space after it.
fn unquote(text: &str) -> &str {
    let text = text.strip_prefix('>').unwrap_or(text);
    text.strip_prefix(' ').unwrap_or(text)
}

fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

fn is_signature_delimiter(text: &str) -> bool {
    text == "-- " || text == "--"
}

fn is_trailer(text: &str) -> bool {
    let text = text.trim();
    text.chars().count() <= TRAILER_MAX_CHARS && TRAILERS.iter().any(|trailer| text.starts_with(trailer))
}

fn is_forward_marker(text: &str) -> bool {
    let text = text.trim();
    if text.len() > 4 && text.starts_with("--") && text.ends_with("--") {
        let title = text.trim_matches('-').trim().to_lowercase();
        return title == "forwarded message" || title == "message transféré";
    }
    text.strip_suffix(':')
        .map(str::trim_end)
        .is_some_and(|head| head == "Begin forwarded message" || head == "Début du message réexpédié")
}

fn is_outlook_separator(text: &str) -> bool {
    let text = text.trim();
    [
        "-----Original Message-----",
        "-----Message d'origine-----",
        "-----Message d’origine-----",
    ]
    .iter()
    .any(|separator| text.eq_ignore_ascii_case(separator))
        || (text.len() >= 30 && text.bytes().all(|byte| byte == b'_'))
}

/// Whether `text` and the next line open an Outlook header block.
fn is_outlook_headers(text: &str, next: Option<&Line<'_>>) -> bool {
    let sent = next.and_then(|line| header_name(line.text));
    matches!(header_name(text), Some("From" | "De")) && matches!(sent, Some("Sent" | "Date" | "Envoyé"))
}

fn is_header(text: &str) -> bool {
    header_name(text).is_some_and(|name| HEADERS.contains(&name))
}

/// The name of a `Name: value` line (French puts a space, often
/// non-breaking, before the colon).
fn header_name(text: &str) -> Option<&str> {
    let (name, _) = text.split_once(':')?;
    let name = name.trim_end();
    (!name.is_empty() && !name.starts_with(char::is_whitespace)).then_some(name)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    /// The fixtures: realistic replies, one file each.
    macro_rules! fixture {
        ($name:literal) => {
            (
                $name,
                include_str!(concat!("../../tests/fixtures/quotes/", $name, ".txt")),
            )
        };
    }

    const FIXTURES: [(&str, &str); 17] = [
        fixture!("outlook_en"),
        fixture!("outlook_en_original"),
        fixture!("outlook_fr"),
        fixture!("outlook_fr_mobile"),
        fixture!("gmail_en"),
        fixture!("gmail_fr"),
        fixture!("thunderbird_en"),
        fixture!("thunderbird_fr"),
        fixture!("apple_en"),
        fixture!("apple_en_iphone"),
        fixture!("apple_fr"),
        fixture!("roundcube_en"),
        fixture!("roundcube_fr"),
        fixture!("interleaved_en"),
        fixture!("interleaved_fr"),
        fixture!("forward_gmail_en"),
        fixture!("forward_apple_fr"),
    ];

    fn fixture(name: &str) -> &'static str {
        FIXTURES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, body)| *body)
            .unwrap()
    }

    fn kind(segment: &Segment) -> &'static str {
        match segment {
            Segment::Text(_) => "text",
            Segment::Quote { .. } => "quote",
            Segment::Signature(_) => "signature",
        }
    }

    fn kinds(body: &str) -> Vec<&'static str> {
        fold(body).iter().map(kind).collect()
    }

    fn source(segment: &Segment) -> String {
        match segment {
            Segment::Text(text) | Segment::Signature(text) => text.clone(),
            Segment::Quote { attribution, body } => format!("{}{body}", attribution.as_deref().unwrap_or("")),
        }
    }

    fn rebuild(segments: &[Segment]) -> String {
        segments.iter().map(source).collect()
    }

    fn quote(segment: &Segment) -> (Option<&str>, &str) {
        match segment {
            Segment::Quote { attribution, body } => (attribution.as_deref(), body),
            other => panic!("not a quote: {other:?}"),
        }
    }

    fn signature(segment: &Segment) -> &str {
        match segment {
            Segment::Signature(text) => text,
            other => panic!("not a signature: {other:?}"),
        }
    }

    fn crlf(body: &str) -> String {
        body.replace('\n', "\r\n")
    }

    /// Every promise of `fold` on one body; `quotes_hold_every_quoted_line`
    /// is checked unless a forwarded message keeps quoted lines as text.
    fn check(body: &str) -> Vec<Segment> {
        let segments = fold(body);
        assert_eq!(rebuild(&segments), body, "nothing is lost");
        for pair in segments.windows(2) {
            assert_ne!(kind(&pair[0]), kind(&pair[1]), "adjacent segments merge: {segments:?}");
        }
        for segment in &segments {
            assert!(!source(segment).is_empty(), "no empty segment: {segments:?}");
            if let Segment::Quote {
                attribution: Some(attribution),
                ..
            } = segment
            {
                assert!(!attribution.is_empty());
            }
        }
        let texts: String = segments
            .iter()
            .filter_map(|s| {
                if let Segment::Text(t) = s {
                    Some(t.as_str())
                } else {
                    None
                }
            })
            .collect();
        assert_eq!(own_words(body), texts.trim());
        if !body.lines().any(is_forward_marker) {
            quotes_hold_every_quoted_line(body, &segments);
        }
        segments
    }

    fn quotes_hold_every_quoted_line(body: &str, segments: &[Segment]) {
        let mut quoted = Vec::new();
        let mut at = 0;
        for segment in segments {
            let len = source(segment).len();
            if kind(segment) == "quote" {
                quoted.push(at..at + len);
            }
            at += len;
        }
        let mut start = 0;
        for line in body.split_inclusive('\n') {
            if line.starts_with('>') {
                assert!(
                    quoted.iter().any(|range| range.contains(&start)),
                    "{line:?} is quoted in {body:?}"
                );
            }
            start += line.len();
        }
    }

    #[test]
    fn every_fixture_folds_without_loss_in_lf_and_crlf() {
        for (name, body) in FIXTURES {
            let lf = check(body);
            let crlf_segments = check(&crlf(body));
            assert_eq!(
                lf.iter().map(kind).collect::<Vec<_>>(),
                crlf_segments.iter().map(kind).collect::<Vec<_>>()
            );
            for (lf, crlf_segment) in lf.iter().zip(&crlf_segments) {
                assert_eq!(crlf(&source(lf)), source(crlf_segment), "{name}");
            }
            assert!(
                fold(body).iter().any(|s| kind(s) == "text"),
                "{name} has words of its own"
            );
        }
    }

    #[test]
    fn outlook_separator_quotes_to_the_end() {
        let segments = fold(fixture("outlook_en"));
        assert_eq!(segments.iter().map(kind).collect::<Vec<_>>(), ["text", "quote"]);
        let (attribution, body) = quote(&segments[1]);
        let attribution = attribution.unwrap();
        assert!(attribution.starts_with("________________________________\nFrom: Bob Smith"));
        assert!(attribution.ends_with("Subject: RE: [GGUS #123456] CREAM CE down\n\n"));
        assert!(body.starts_with("Hello Alice,\n"));
        assert!(body.ends_with("> An older line someone quoted.\n\nBob\n"));
        assert!(own_words(fixture("outlook_en")).ends_with("Alice Martin\nCC-IN2P3 operations"));
    }

    #[test]
    fn outlook_original_message_keeps_the_old_signature_in_the_quote() {
        let segments = fold(fixture("outlook_en_original"));
        assert_eq!(segments.iter().map(kind).collect::<Vec<_>>(), ["text", "quote"]);
        let (attribution, body) = quote(&segments[1]);
        assert!(
            attribution
                .unwrap()
                .starts_with("-----Original Message-----\nFrom: Alice Martin")
        );
        assert!(body.starts_with("Bob,\n") && body.ends_with("-- \nAlice\n"));
    }

    #[test]
    fn outlook_french_headers_with_non_breaking_spaces() {
        let segments = fold(fixture("outlook_fr"));
        assert_eq!(segments.iter().map(kind).collect::<Vec<_>>(), ["text", "quote"]);
        let (attribution, body) = quote(&segments[1]);
        let attribution = attribution.unwrap();
        assert!(attribution.starts_with("De\u{a0}: Bob Smith") && attribution.contains("Envoyé\u{a0}: lundi"));
        assert!(attribution.ends_with("Transferts en échec\n\n"));
        assert!(body.starts_with("Bonjour Alice,"));
        assert_eq!(
            own_words(fixture("outlook_fr")),
            "Bonjour Bob,\n\nLe correctif est déployé sur tous les nœuds ; merci de confirmer.\n\nCordialement,\nAlice"
        );
    }

    #[test]
    fn outlook_mobile_trailer_is_a_signature_and_older_quotes_stay_inside() {
        let segments = fold(fixture("outlook_fr_mobile"));
        assert_eq!(
            segments.iter().map(kind).collect::<Vec<_>>(),
            ["text", "signature", "quote"]
        );
        assert_eq!(
            signature(&segments[1]),
            "Obtenir Outlook pour iOS<https://aka.ms/o0ukef>\n"
        );
        let (attribution, body) = quote(&segments[2]);
        assert!(
            attribution
                .unwrap()
                .starts_with("________________________________\nDe : Alice")
        );
        assert!(body.contains("-----Message d'origine-----\nDe : Bob Smith"));
        assert_eq!(
            own_words(fixture("outlook_fr_mobile")),
            "D'accord, je regarde ça demain matin."
        );
    }

    #[test]
    fn outlook_headers_without_separator() {
        let body =
            "Done.\n\nFrom: Bob <b@example.org>\nSent: Monday, December 1, 2026 10:00\nTo: Alice\nSubject: x\n\nold\n";
        let segments = check(body);
        assert_eq!(segments.iter().map(kind).collect::<Vec<_>>(), ["text", "quote"]);
        let (attribution, old) = quote(&segments[1]);
        assert_eq!(
            attribution,
            Some("From: Bob <b@example.org>\nSent: Monday, December 1, 2026 10:00\nTo: Alice\nSubject: x\n\n")
        );
        assert_eq!(old, "old\n");
        let french = "Fait.\n\nDe : Bob\nDate : lundi 1 décembre 2026 10:00\nÀ : Alice\nObjet : x\n\nancien\n";
        assert_eq!(kinds(french), ["text", "quote"]);
        assert_eq!(
            kinds("Separator at the end\n-----Message d’origine-----\n"),
            ["text", "quote"]
        );
        assert_eq!(
            kinds("From: a pasted line\nTo: someone\n"),
            ["text"],
            "From: alone is no header block"
        );
    }

    #[test]
    fn gmail_attribution_and_nested_quotes() {
        let segments = fold(fixture("gmail_en"));
        assert_eq!(segments.iter().map(kind).collect::<Vec<_>>(), ["text", "quote"]);
        let (attribution, body) = quote(&segments[1]);
        assert_eq!(
            attribution,
            Some("On Mon, 1 Dec 2026 at 10:00, Alice Martin <alice.martin@cc.in2p3.fr> wrote:\n\n")
        );
        assert!(body.starts_with("> Hello Bob,\n"));
        assert!(body.contains(">> All transfers") && body.ends_with("> --\n> Alice\n>\n"));
        assert_eq!(
            own_words(fixture("gmail_en")),
            "Thanks, that fixed it. The transfers are green again.\n\nCheers,\nBob"
        );
    }

    #[test]
    fn gmail_wraps_long_attributions_over_two_lines() {
        let segments = fold(fixture("gmail_fr"));
        assert_eq!(segments.iter().map(kind).collect::<Vec<_>>(), ["text", "quote"]);
        let (attribution, body) = quote(&segments[1]);
        assert_eq!(
            attribution,
            Some(
                "Le lun. 1 déc. 2026 à 10:00, Alice Martin-Dupont de l'équipe d'exploitation <\n\
                 alice.martin-dupont@cc.in2p3.fr> a écrit\u{202f}:\n\n"
            )
        );
        assert!(body.starts_with("> Bonjour Bob,"));
        let english = "Yes.\n\nOn Mon, 1 Dec 2026 at 10:00, Alice Martin-Dupont from operations <\n\
                       alice@example.org> wrote:\n> Is it fixed?\n";
        let segments = check(english);
        assert_eq!(quote(&segments[1]).0.map(str::lines).map(Iterator::count), Some(2));
        let no_space = "Oui.\nLe lun. 1 déc. 2026 à 10:00, Alice <\na@example.org> a écrit:\n> Question ?\n";
        assert_eq!(quote(&check(no_space)[1]).1, "> Question ?\n");
    }

    #[test]
    fn thunderbird_signature_runs_until_the_quote() {
        let segments = fold(fixture("thunderbird_en"));
        assert_eq!(
            segments.iter().map(kind).collect::<Vec<_>>(),
            ["text", "signature", "quote"]
        );
        assert_eq!(
            signature(&segments[1]),
            "-- \nBob Smith\nGrid operations, Example University\n+33 1 23 45 67 89\n\n"
        );
        assert_eq!(
            quote(&segments[2]).0,
            Some("On 01/12/2026 10:00, Alice Martin wrote:\n")
        );
        let segments = fold(fixture("thunderbird_fr"));
        assert_eq!(segments.iter().map(kind).collect::<Vec<_>>(), ["text", "quote"]);
        assert_eq!(
            quote(&segments[1]).0,
            Some("Le 01/12/2026 à 10:00, Bob Smith a écrit :\n")
        );
        assert!(own_words(fixture("thunderbird_fr")).starts_with("Bonjour,\n\nLe ticket peut être fermé"));
    }

    #[test]
    fn apple_mail_attributions_outside_and_inside_the_quote() {
        let segments = fold(fixture("apple_en"));
        assert_eq!(segments.iter().map(kind).collect::<Vec<_>>(), ["text", "quote"]);
        assert_eq!(
            quote(&segments[1]).0,
            Some("On 1 Dec 2026, at 10:00, Alice Martin <alice.martin@cc.in2p3.fr> wrote:\n\n")
        );
        let segments = fold(fixture("apple_fr"));
        assert_eq!(segments.iter().map(kind).collect::<Vec<_>>(), ["text", "quote"]);
        assert_eq!(
            quote(&segments[1]).0,
            Some("Le 1 déc. 2026 à 10:00, Alice Martin <alice.martin@cc.in2p3.fr> a écrit :\n\n")
        );
        let segments = fold(fixture("apple_en_iphone"));
        assert_eq!(
            segments.iter().map(kind).collect::<Vec<_>>(),
            ["text", "signature", "quote"]
        );
        assert_eq!(signature(&segments[1]), "Sent from my iPhone\n\n");
        let (attribution, body) = quote(&segments[2]);
        assert_eq!(
            attribution,
            Some("> On 1 Dec 2026, at 10:00, Alice Martin <alice.martin@cc.in2p3.fr> wrote:\n> \n")
        );
        assert!(body.starts_with("> \u{feff}Hello Bob,\n"));
        assert_eq!(
            own_words(fixture("apple_en_iphone")),
            "I'll look at it when I'm back at the office."
        );
    }

    #[test]
    fn roundcube_dates_and_signatures() {
        let segments = fold(fixture("roundcube_en"));
        assert_eq!(
            segments.iter().map(kind).collect::<Vec<_>>(),
            ["text", "signature", "quote"]
        );
        assert_eq!(signature(&segments[1]), "-- \nAlice Martin\nCC-IN2P3\n\n");
        assert_eq!(quote(&segments[2]).0, Some("On 2026-12-01 10:00, Bob Smith wrote:\n"));
        let segments = fold(fixture("roundcube_fr"));
        assert_eq!(segments.iter().map(kind).collect::<Vec<_>>(), ["text", "quote"]);
        assert_eq!(
            quote(&segments[1]).0,
            Some("Le 2026-12-01 10:00, Bob Smith a écrit :\n")
        );
        assert_eq!(
            own_words(fixture("roundcube_fr")),
            "Bonjour,\n\nle ticket peut être clos, merci.\n\nCordialement"
        );
    }

    #[test]
    fn interleaved_replies_alternate_quotes_and_answers() {
        let segments = fold(fixture("interleaved_en"));
        assert_eq!(
            segments.iter().map(kind).collect::<Vec<_>>(),
            ["quote", "text", "quote", "text", "signature"]
        );
        let (attribution, first) = quote(&segments[0]);
        assert_eq!(attribution, Some("On 01/12/2026 10:00, Alice Martin wrote:\n"));
        assert!(first.ends_with(">\n> 1. Which CE are your jobs using?\n"));
        assert_eq!(
            quote(&segments[2]),
            (
                None,
                "> 2. Since when do they fail?\n>> (from your first mail) \"since yesterday\"\n"
            )
        );
        assert_eq!(signature(&segments[4]), "-- \nBob Smith\n");
        assert_eq!(
            own_words(fixture("interleaved_en")),
            "ce01.example.org, and only that one.\n\n\nSince Sunday evening, about 22:00 UTC. \
             The load is x > 3 times the usual.\n\nThanks,\nBob"
        );
        let segments = fold(fixture("interleaved_fr"));
        assert_eq!(
            segments.iter().map(kind).collect::<Vec<_>>(),
            ["quote", "text", "quote", "text"]
        );
        assert_eq!(
            quote(&segments[2]),
            (None, ">Et depuis quand ?\n>>Le problème date de la mise à jour.\n")
        );
    }

    #[test]
    fn forwarded_messages_are_text() {
        assert_eq!(kinds(fixture("forward_gmail_en")), ["text"]);
        assert_eq!(
            own_words(fixture("forward_gmail_en")),
            fixture("forward_gmail_en").trim()
        );
        let segments = fold(fixture("forward_apple_fr"));
        assert_eq!(
            segments.iter().map(kind).collect::<Vec<_>>(),
            ["text", "signature", "text"]
        );
        assert_eq!(signature(&segments[1]), "Envoyé de mon iPad\n\n");
        assert!(own_words(fixture("forward_apple_fr")).contains("Début du message réexpédié :\n\nDe: Alice"));
        assert_eq!(
            kinds("Voir ci-dessous.\n-------- Message transféré --------\nSujet : x\n> cité\n"),
            ["text"]
        );
        assert_eq!(
            kinds("See below.\nBegin forwarded message:\n\nFrom: A\nDate: B\n"),
            ["text"]
        );
        assert_eq!(
            kinds("-- \nBob\n---------- Forwarded message ---------\nFrom: A\n"),
            ["signature", "text"]
        );
        assert_eq!(
            kinds("> quoted\n---------- Forwarded message ---------\n> kept\n"),
            ["quote", "text"]
        );
    }

    #[test]
    fn signature_delimiters() {
        assert_eq!(kinds("Hi\n-- \nBob\n"), ["text", "signature"]);
        assert_eq!(kinds("Hi\n--\nBob\n"), ["text", "signature"]);
        assert_eq!(kinds("Hi\n---\nBob\n"), ["text"], "a rule is no delimiter");
        assert_eq!(kinds("Hi\n -- \nBob\n"), ["text"]);
        assert_eq!(kinds("Hi\n--  \nBob\n"), ["text"]);
        assert_eq!(kinds("-- \n> quote\nafter\n"), ["signature", "quote", "text"]);
        assert_eq!(kinds("Hi\n-- \r\nBob\r\n"), ["text", "signature"]);
        assert_eq!(kinds("Hi\n-- "), ["text", "signature"]);
    }

    #[test]
    fn mobile_trailers_only_at_the_end_of_the_own_words() {
        for trailer in [
            "Sent from my iPhone",
            "Sent from my iPad",
            "Sent from my Android device",
            "Sent from Outlook for Android",
            "Get Outlook for Android<https://aka.ms/AAb9ysg>",
            "Envoyé de mon iPhone",
            "Envoyé depuis mon smartphone Android",
        ] {
            assert_eq!(
                kinds(&format!("Ok.\n\n{trailer}\n")),
                ["text", "signature"],
                "{trailer}"
            );
            assert_eq!(
                kinds(&format!("Ok.\n{trailer}\n\n\n> q\n")),
                ["text", "signature", "quote"],
                "{trailer}"
            );
            assert_eq!(
                kinds(&format!("Ok.\n{trailer}\n-- \nBob\n")),
                ["text", "signature"],
                "{trailer}"
            );
            assert_eq!(kinds(&format!("{trailer}\nMore words.\n")), ["text"], "{trailer}");
        }
        assert_eq!(kinds("Ok.\nSent from my laptop\n"), ["text"], "not on the list");
        assert_eq!(kinds("Ok.\nSent from my Galaxy\n"), ["text"], "not on the list");
        let long = format!("Envoyé de mon bureau {}\n", "très loin ".repeat(10));
        assert_eq!(kinds(&long), ["text"], "a sentence is no trailer");
    }

    #[test]
    fn only_lines_starting_with_a_chevron_are_quoted() {
        assert_eq!(kinds("if x > 3 then\n  > not quoted either\nend\n"), ["text"]);
        assert_eq!(kinds("Before\n>3 quoted\nAfter\n"), ["text", "quote", "text"]);
        assert_eq!(kinds(">>>> deep\n>no space\n> space\n"), ["quote"]);
    }

    #[test]
    fn attributions_need_quoted_lines_and_a_date() {
        assert_eq!(
            kinds("On Mon, 1 Dec 2026 at 10:00, Alice wrote:\nnot quoted\n"),
            ["text"]
        );
        let segments = check("Text\nOn the list, Alice wrote:\n> q\n");
        assert_eq!(segments.iter().map(kind).collect::<Vec<_>>(), ["text", "quote"]);
        assert_eq!(quote(&segments[1]).0, None, "no date, no attribution");
        let segments = check("Le 01/12/2026 à 10:00, Alice a écrit :\n\n\n> q\n");
        assert_eq!(
            quote(&segments[0]).0,
            Some("Le 01/12/2026 à 10:00, Alice a écrit :\n\n\n")
        );
    }

    #[test]
    fn quotes_take_the_blank_lines_between_them_and_at_the_end() {
        assert_eq!(
            fold("> a\n\n> b\n\n"),
            [Segment::Quote {
                attribution: None,
                body: "> a\n\n> b\n\n".into()
            }]
        );
        let segments = check("> a\n\nOn 1 Dec 2026, Bob wrote:\n> b\n\nanswer\n");
        assert_eq!(segments.iter().map(kind).collect::<Vec<_>>(), ["quote", "text"]);
        assert_eq!(quote(&segments[0]), (None, "> a\n\nOn 1 Dec 2026, Bob wrote:\n> b\n"));
        assert_eq!(segments[1], Segment::Text("\nanswer\n".into()));
    }

    #[test]
    fn empty_blank_and_plain_bodies() {
        assert_eq!(fold(""), []);
        assert_eq!(own_words(""), "");
        assert_eq!(fold("\r\n \n"), [Segment::Text("\r\n \n".into())]);
        let plain = "Bonjour,\n\nle CE est en panne depuis 10:00.\nMerci !";
        assert_eq!(fold(plain), [Segment::Text(plain.into())]);
        assert_eq!(own_words(plain), plain);
    }

    #[test]
    fn a_body_that_is_only_a_quote() {
        let body = "On Mon, 1 Dec 2026 at 10:00, Alice <a@x> wrote:\r\n> only\r\n> this";
        let segments = check(body);
        assert_eq!(segments.len(), 1);
        assert_eq!(
            quote(&segments[0]),
            (
                Some("On Mon, 1 Dec 2026 at 10:00, Alice <a@x> wrote:\r\n"),
                "> only\r\n> this"
            )
        );
        assert_eq!(own_words(body), "");
    }

    #[test]
    fn line_endings_are_kept_as_given() {
        let body = "Yes\r\n\nOn 01/12/2026 10:00, Alice wrote:\r\n> a\n> b\r\n-- \nBob\r";
        let segments = check(body);
        assert_eq!(
            segments.iter().map(kind).collect::<Vec<_>>(),
            ["text", "quote", "signature"]
        );
        assert_eq!(segments[0], Segment::Text("Yes\r\n\n".into()));
        assert_eq!(signature(&segments[2]), "-- \nBob\r");
    }

    #[test]
    fn non_ascii_text() {
        let body = "Привет 🙂\n\nLe 1 déc. 2026 à 10:00, Zoë Ñúñez <zoë@exämple.org> a écrit :\n> 引用された文章 ✓\n> ½ é\u{301}\n";
        let segments = check(body);
        assert_eq!(segments.iter().map(kind).collect::<Vec<_>>(), ["text", "quote"]);
        assert_eq!(own_words(body), "Привет 🙂");
    }

    /// A small deterministic generator (xorshift64*), so that failures replay.
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            let value = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33;
            usize::try_from(value).unwrap() % n
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    /// Lines that trigger every rule, and some that nearly do.
    const VOCABULARY: [&str; 28] = [
        "",
        " ",
        "plain words, é and 🙂",
        "x > 3",
        "> quoted",
        ">> deeper",
        ">",
        "> ",
        "On Mon, 1 Dec 2026 at 10:00, Alice <a@x> wrote:",
        "On 1 Dec 2026, at 10:00, Alice <",
        "a@x> wrote:",
        "Le 01/12/2026 à 10:00, Alice a écrit :",
        "Le lun. 1 déc. 2026 à 10:00, Alice <",
        "a@x> a écrit:",
        "> On 1 Dec 2026, at 10:00, Alice wrote:",
        "-- ",
        "--",
        "Sent from my iPhone",
        "Envoyé de mon iPad",
        "-----Original Message-----",
        "________________________________",
        "From: Bob <b@y>",
        "Sent: Monday",
        "De\u{a0}: Bob",
        "Envoyé : lundi",
        "Subject: x",
        "---------- Forwarded message ---------",
        "Début du message réexpédié :",
    ];

    const ENDINGS: [&str; 3] = ["\n", "\r\n", "\r\n"];

    fn random_body(random: &mut Random) -> String {
        let mut body = String::new();
        for _ in 0..random.below(30) {
            body.push_str(random.pick(&VOCABULARY));
            body.push_str(random.pick(&ENDINGS));
        }
        if random.below(2) == 0 {
            body.push_str(random.pick(&VOCABULARY));
        }
        body
    }

    #[test]
    fn random_bodies_keep_every_byte() {
        let mut random = Random(0x5eed_1234_abcd_ef01);
        for _ in 0..5_000 {
            check(&random_body(&mut random));
        }
    }

    #[test]
    fn random_character_soup_keeps_every_byte() {
        let alphabet = [
            ">", "\n", "\r", " ", "-", "_", ":", "a", "é", "\u{a0}", "On ", "wrote:", "🙂",
        ];
        let mut random = Random(42);
        for _ in 0..5_000 {
            let body: String = (0..random.below(60)).map(|_| random.pick(&alphabet)).collect();
            check(&body);
        }
    }

    /// Every body of up to two vocabulary lines, each ended by `\n`, `\r\n` or
    /// nothing, and every body of three lines ended by `\n`.
    #[test]
    fn every_small_body_keeps_every_byte() {
        let endings = ["\n", "\r\n", ""];
        let tokens: Vec<String> = VOCABULARY
            .iter()
            .flat_map(|line| endings.map(|ending| format!("{line}{ending}")))
            .collect();
        check("");
        for first in &tokens {
            check(first);
            for second in &tokens {
                check(&format!("{first}{second}"));
            }
        }
        for first in VOCABULARY {
            for second in VOCABULARY {
                for third in VOCABULARY {
                    check(&format!("{first}\n{second}\n{third}\n"));
                }
            }
        }
    }

    fn timed(body: &str) -> Duration {
        let started = Instant::now();
        let segments = fold(body);
        let elapsed = started.elapsed();
        assert_eq!(rebuild(&segments), body);
        elapsed
    }

    #[test]
    fn long_bodies_fold_in_linear_time() {
        let mut random = Random(7);
        let mixed: String = (0..100_000)
            .map(|_| format!("{}{}", random.pick(&VOCABULARY), random.pick(&ENDINGS)))
            .collect();
        let quoted_with_blanks = format!("> a\n{}> b\n", "\n".repeat(100_000));
        let attributions = "On Mon, 1 Dec 2026 at 10:00, Alice <\n".repeat(100_000);
        let trailers = "Sent from my iPhone\n\n".repeat(50_000);
        let quote_chain = "> q\n\nOn 1 Dec 2026, A wrote:\n".repeat(25_000);
        let words = "Plain words of the writer, line after line.\r\n".repeat(100_000);
        for body in [mixed, quoted_with_blanks, attributions, trailers, quote_chain, words] {
            let elapsed = timed(&body);
            assert!(
                elapsed < Duration::from_secs(1),
                "{} lines took {elapsed:?}",
                body.lines().count()
            );
        }
    }
}
