//! Splitting a mailing-list archive in mbox format into its messages.
//!
//! An mbox is messages one after the other, each opened by a *postmark*
//! line, `From sender date`, at the start of the file or after an empty
//! line. Archives in the wild are not always careful:
//!
//! - **`From ` inside bodies.** Writers escape body lines that begin with
//!   `From ` as `>From ` (and `>From ` as `>>From `, mboxrd), but not all
//!   of them. So a `From ` line opens a message only if it looks like a
//!   postmark: a sender, then a date ending in a time and a year, as
//!   `From alice@example.org Mon Jan  5 10:00:00 2009` (a zone may follow
//!   the year). "From the logs we see…" after an empty line stays in its
//!   body. One `>` is taken off every `>…>From ` line.
//! - **Line endings.** `\n` and `\r\n` are both read; a message keeps its
//!   own.
//! - **A broken tail.** A file cut short ends inside its last message. The
//!   last message is *broken* when the file does not end with a line end,
//!   or when its headers never end (no empty line after them): it is not
//!   returned as a message but reported, with where it starts, so an import
//!   keeps every complete message and says what it left.

/// One message of an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MboxMessage {
    /// Where its postmark starts, in bytes from the file's start.
    pub offset: usize,
    /// The postmark line, without `From ` and the line end.
    pub postmark: String,
    /// The message (headers and body), `>From ` lines unescaped, without
    /// the empty line that separates it from the next postmark.
    pub content: Vec<u8>,
}

/// The end of an archive that holds no complete message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenTail {
    /// Where it starts, in bytes from the file's start.
    pub offset: usize,
    /// How many bytes it has.
    pub bytes: usize,
    /// Why it is not a message.
    pub reason: &'static str,
}

/// An archive, split.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mbox {
    /// The complete messages, in order.
    pub messages: Vec<MboxMessage>,
    /// What the file ends with that is no complete message, if anything.
    pub broken_tail: Option<BrokenTail>,
}

/// Splits `archive`; see the module's documentation. Bytes before the first
/// postmark (none in a well-formed file) are reported as a broken tail only
/// when the file has no message at all.
pub fn split_mbox(archive: &[u8]) -> Mbox {
    let starts = postmarks(archive);
    let mut mbox = Mbox::default();
    if starts.is_empty() {
        if !archive.iter().all(u8::is_ascii_whitespace) {
            mbox.broken_tail = Some(BrokenTail {
                offset: 0,
                bytes: archive.len(),
                reason: "no postmark (\"From sender date\") opens a message",
            });
        }
        return mbox;
    }
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(archive.len());
        let last = i + 1 == starts.len();
        let chunk = &archive[start..end];
        let (postmark_line, rest) = split_line(chunk);
        if last && let Some(reason) = broken(archive, rest) {
            mbox.broken_tail = Some(BrokenTail {
                offset: start,
                bytes: chunk.len(),
                reason,
            });
            break;
        }
        mbox.messages.push(MboxMessage {
            offset: start,
            postmark: String::from_utf8_lossy(trim_line_end(postmark_line))
                .trim_start_matches("From ")
                .to_owned(),
            content: unescape(without_separator(rest)),
        });
    }
    mbox
}

/// Why the last message is no complete message, if it is not.
fn broken(archive: &[u8], message: &[u8]) -> Option<&'static str> {
    if !archive.ends_with(b"\n") {
        return Some("the file ends inside a line: it was cut short");
    }
    let headers_end = lines(message).any(|line| trim_line_end(line).is_empty());
    (!headers_end).then_some("its headers never end: the file was cut short")
}

/// The offsets of the lines that open a message.
fn postmarks(archive: &[u8]) -> Vec<usize> {
    let mut found = Vec::new();
    let mut offset = 0;
    let mut after_empty = true;
    for line in lines(archive) {
        let text = trim_line_end(line);
        if after_empty && is_postmark(text) {
            found.push(offset);
        }
        after_empty = text.is_empty();
        offset += line.len();
    }
    found
}

/// Whether `line` is `From sender … hh:mm:ss … yyyy`: a sender, a time, and
/// a four-digit year among the last two words.
fn is_postmark(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    let text = String::from_utf8_lossy(rest);
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 4 {
        return false;
    }
    let is_time = |w: &str| {
        let parts: Vec<&str> = w.split(':').collect();
        (2..=3).contains(&parts.len())
            && parts
                .iter()
                .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let is_year = |w: &str| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit());
    let tail = &words[words.len().saturating_sub(2)..];
    words[1..].iter().any(|w| is_time(w)) && tail.iter().any(|w| is_year(w))
}

/// The lines of `bytes`, each with its line end.
fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes.split_inclusive(|&b| b == b'\n')
}

fn split_line(bytes: &[u8]) -> (&[u8], &[u8]) {
    match bytes.iter().position(|&b| b == b'\n') {
        Some(end) => bytes.split_at(end + 1),
        None => (bytes, &[]),
    }
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// `message` without the one empty line that precedes the next postmark.
fn without_separator(message: &[u8]) -> &[u8] {
    for ending in [&b"\r\n\r\n"[..], b"\n\n"] {
        if let Some(kept) = message.strip_suffix(ending) {
            return &message[..kept.len() + ending.len() / 2];
        }
    }
    message
}

/// `message` with one `>` taken off each `>…>From ` line.
fn unescape(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len());
    for line in lines(message) {
        let quoted = line.iter().take_while(|&&b| b == b'>').count();
        if quoted > 0 && line[quoted..].starts_with(b"From ") {
            out.extend_from_slice(&line[1..]);
        } else {
            out.extend_from_slice(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = "From alice@example.org Mon Jan  5 10:00:00 2009\n\
        From: Alice <alice@example.org>\n\
        Subject: dCache down\n\
        \n\
        The pool is gone.\n\
        \n\
        From the logs we see a timeout.\n\
        >From here on it is quoted.\n\
        >>From deeper.\n\
        \n\
        From bob@example.org Mon Jan  5 11:30:00 2009 +0100\n\
        From: Bob <bob@example.org>\n\
        Subject: Re: dCache down\n\
        \n\
        Restarted.\n";

    fn text(message: &MboxMessage) -> String {
        String::from_utf8(message.content.clone()).unwrap()
    }

    #[test]
    fn messages_are_split_at_postmarks_only() {
        let mbox = split_mbox(TWO.as_bytes());
        assert_eq!(mbox.broken_tail, None);
        assert_eq!(mbox.messages.len(), 2, "the body's \"From the logs\" opens nothing");
        assert_eq!(mbox.messages[0].postmark, "alice@example.org Mon Jan  5 10:00:00 2009");
        let first = text(&mbox.messages[0]);
        assert!(first.starts_with("From: Alice"));
        assert!(first.contains("\nFrom the logs we see a timeout.\n"));
        assert!(
            first.contains("\nFrom here on it is quoted.\n>From deeper.\n"),
            "{first}"
        );
        assert!(
            first.ends_with("deeper.\n"),
            "the separating empty line is dropped: {first:?}"
        );
        assert!(text(&mbox.messages[1]).ends_with("Restarted.\n"));
        assert_eq!(mbox.messages[1].offset, TWO.find("From bob").unwrap());
    }

    #[test]
    fn crlf_archives_split_the_same() {
        let crlf = TWO.replace('\n', "\r\n");
        let mbox = split_mbox(crlf.as_bytes());
        assert_eq!(mbox.messages.len(), 2);
        assert!(text(&mbox.messages[0]).ends_with(">From deeper.\r\n"));
    }

    #[test]
    fn a_cut_file_keeps_its_complete_messages_and_reports_the_tail() {
        let cut = &TWO[..TWO.find("Restarted").unwrap() + 4];
        let mbox = split_mbox(cut.as_bytes());
        assert_eq!(mbox.messages.len(), 1);
        let tail = mbox.broken_tail.unwrap();
        assert_eq!(
            (tail.offset, tail.bytes),
            (TWO.find("From bob").unwrap(), cut.len() - tail.offset)
        );
        assert!(tail.reason.contains("cut short"));
        let headers_only = &TWO[..TWO.find("Subject: Re").unwrap()];
        let mbox = split_mbox(headers_only.as_bytes());
        assert_eq!(mbox.messages.len(), 1);
        assert!(mbox.broken_tail.unwrap().reason.contains("headers never end"));
    }

    #[test]
    fn a_file_without_postmarks_is_all_tail_and_an_empty_one_is_nothing() {
        let mbox = split_mbox(b"Subject: no postmark\n\nbody\n");
        assert!(mbox.messages.is_empty());
        assert_eq!(mbox.broken_tail.unwrap().offset, 0);
        assert_eq!(split_mbox(b"\n\n"), Mbox::default());
    }

    #[test]
    fn a_postmark_has_a_sender_a_time_and_a_year() {
        assert!(is_postmark(b"From alice@example.org Mon Jan  5 10:00:00 2009"));
        assert!(is_postmark(b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011 -0700"));
        assert!(!is_postmark(b"From the logs we see 10:00:00 errors"));
        assert!(!is_postmark(b"From: alice@example.org"));
        assert!(!is_postmark(b"From here"));
    }
}
