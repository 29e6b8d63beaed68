//! mbox files: split by the domain's rule
//! ([`split_mbox`](guichet_domain::mail::mbox::split_mbox)), each message
//! dated by its Date header or, without one, by its postmark.

use std::path::Path;

use chrono::{DateTime, NaiveDateTime, Utc};

use guichet_domain::mail::mbox::split_mbox;

use super::{Archive, ArchiveError, Problem};

/// Reads the mbox file at `path`.
pub fn read_mbox(path: &Path) -> Result<Archive, ArchiveError> {
    let bytes = std::fs::read(path).map_err(|e| ArchiveError::read(path, e))?;
    Ok(mbox_bytes(&bytes, &path.display().to_string()))
}

/// Reads the mbox `bytes`, called `name` in problems.
pub fn mbox_bytes(bytes: &[u8], name: &str) -> Archive {
    let split = split_mbox(bytes);
    let mut archive = Archive::default();
    for message in &split.messages {
        let place = format!("{name}, byte {}", message.offset);
        archive.add(&message.content, place, postmark_date(&message.postmark));
    }
    if let Some(tail) = split.broken_tail {
        archive.problems.push(Problem {
            place: format!("{name}, byte {}", tail.offset),
            bytes: tail.bytes,
            reason: tail.reason.into(),
        });
    }
    archive
}

/// The date of a postmark, `sender Mon Jan  5 10:00:00 2009` (asctime,
/// UTC; a zone after the year is ignored).
fn postmark_date(postmark: &str) -> Option<DateTime<Utc>> {
    let words: Vec<&str> = postmark.split_whitespace().skip(1).take(5).collect();
    NaiveDateTime::parse_from_str(&words.join(" "), "%a %b %d %H:%M:%S %Y")
        .ok()
        .map(|d| d.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postmarks_give_a_date() {
        let date = postmark_date("alice@example.org Mon Jan  5 10:00:00 2009").unwrap();
        assert_eq!(date.to_rfc3339(), "2009-01-05T10:00:00+00:00");
        assert!(postmark_date("MAILER-DAEMON Fri Jul  8 12:08:34 2011 -0700").is_some());
        assert_eq!(postmark_date("alice@example.org yesterday"), None);
    }

    #[test]
    fn messages_without_a_date_take_the_postmarks_and_a_cut_tail_is_a_problem() {
        let mbox = "From alice@example.org Mon Jan  5 10:00:00 2009\nFrom: alice@example.org\n\
                    Subject: no date\n\nbody\n\nFrom bob@example.org Mon Jan  5 11:00:00 2009\nFrom: bob";
        let archive = mbox_bytes(mbox.as_bytes(), "list.mbox");
        assert_eq!(archive.mails.len(), 1);
        assert_eq!(archive.mails[0].date.to_rfc3339(), "2009-01-05T10:00:00+00:00");
        assert_eq!(archive.problems.len(), 1);
        assert!(archive.problems[0].place.starts_with("list.mbox, byte "));
    }
}
