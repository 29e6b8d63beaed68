//! Reading mailing-list archives for `guichet import`: mbox files
//! ([`mbox`]) and Maildir folders ([`maildir`]), each message parsed as
//! the gateway parses mail, with the date it was sent, ready for the
//! service's [`import`](guichet_service::import::import).
//!
//! What cannot be read is reported, never fatal: an mbox cut short keeps
//! its complete messages and reports its broken tail; a message that does
//! not parse is reported with where it is.

pub mod maildir;
pub mod mbox;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use guichet_service::import::ArchivedMail;

use crate::parse::parse_archived;

/// Why an archive could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// A file or folder could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// What.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A folder without `cur/` or `new/`.
    #[error("{0} is not a Maildir: it has neither cur/ nor new/")]
    NotMaildir(PathBuf),
}

impl ArchiveError {
    fn read(path: &Path, source: std::io::Error) -> Self {
        Self::Read {
            path: path.to_owned(),
            source,
        }
    }
}

/// Something of an archive that is not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: the file, and the byte offset in an mbox.
    pub place: String,
    /// How many bytes are left out.
    pub bytes: usize,
    /// Why.
    pub reason: String,
}

/// The messages read from archives, and what was left out.
#[derive(Debug, Clone, Default)]
pub struct Archive {
    /// The messages, in the order read.
    pub mails: Vec<ArchivedMail>,
    /// What could not be read as a message.
    pub problems: Vec<Problem>,
}

impl Archive {
    /// Adds the message `raw` found at `place`, sent at `fallback` when
    /// its Date header says nothing usable; a message that does not parse
    /// becomes a problem.
    fn add(&mut self, raw: &[u8], place: String, fallback: Option<DateTime<Utc>>) {
        match parse_archived(raw) {
            Ok((mail, date)) => match date.or(fallback) {
                Some(date) => self.mails.push(ArchivedMail { mail, date }),
                None => self.problems.push(Problem {
                    place,
                    bytes: raw.len(),
                    reason: "it says nowhere when it was sent".into(),
                }),
            },
            Err(unparsable) => self.problems.push(Problem {
                place,
                bytes: raw.len(),
                reason: unparsable.to_string(),
            }),
        }
    }

    /// Adds what `other` read.
    pub fn extend(&mut self, other: Archive) {
        self.mails.extend(other.mails);
        self.problems.extend(other.problems);
    }
}
