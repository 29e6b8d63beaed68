//! The import rate: a synthetic mailing-list archive in mbox form, with
//! the fixtures' vocabulary, imported into the database as it is (`guichet
//! bench --import-only`); then imported again, which must add nothing.
//!
//! The archive has conversations of one to six messages between a few
//! hundred senders, in English (UTF-8) and French (latin-1), a tenth of the
//! replies without References (threaded by subject), and a `From ` line in
//! some bodies. Each run uses new Message-IDs, so it imports anew.

use std::fmt::Write as _;
use std::time::Instant;

use anyhow::bail;
use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use guichet_fixtures::vocabulary::{COMPONENTS, PLACES, PROBLEMS_EN, SENTENCES_EN, SENTENCES_FR};
use guichet_mail::archive::mbox::mbox_bytes;
use guichet_service::bootstrap::{FirstLevelSettings, ensure_first_level_unit};
use guichet_service::import::ImportOptions;

/// Imports an archive of about `messages` messages into `url`, twice.
pub async fn measure_import(url: &str, messages: usize) -> anyhow::Result<Value> {
    let ctx = super::super::context(guichet_store::connect(url).await?);
    ensure_first_level_unit(&ctx, &FirstLevelSettings::default())
        .await
        .map_err(super::super::service_error)?;
    let run = rand::random::<u32>();
    let bytes = synthetic_mbox(messages, run);
    let mut figures = json!({ "backend": ctx.backend(), "archive_bytes": bytes.len() });
    for pass in ["first", "again"] {
        let started = Instant::now();
        let archive = mbox_bytes(&bytes, "synthetic.mbox");
        let read = started.elapsed().as_secs_f64();
        let count = archive.mails.len();
        let report = super::super::import::run(&ctx, archive, ImportOptions::default(), false).await?;
        let seconds = started.elapsed().as_secs_f64();
        if pass == "again" && report.imported > 0 {
            bail!("importing the archive again imported {} messages", report.imported);
        }
        figures[pass] = json!({
            "messages": count,
            "conversations": report.conversations,
            "tickets": report.tickets,
            "imported": report.imported,
            "read_seconds": read,
            "seconds": seconds,
            "messages_per_second": count as f64 / seconds,
        });
    }
    Ok(figures)
}

/// An mbox of conversations until about `messages` messages.
fn synthetic_mbox(messages: usize, run: u32) -> Vec<u8> {
    let mut rng = StdRng::seed_from_u64(u64::from(run));
    let mut out = Vec::with_capacity(messages * 700);
    let start = Utc.with_ymd_and_hms(2015, 1, 1, 8, 0, 0).single().unwrap_or_default();
    let (mut written, mut conversation) = (0, 0);
    while written < messages {
        let length = rng.random_range(1..=6).min(messages - written);
        let opened = start + Duration::minutes(37 * conversation as i64);
        let subject = format!(
            "{} {} at {}",
            COMPONENTS[rng.random_range(0..COMPONENTS.len())],
            PROBLEMS_EN[rng.random_range(0..PROBLEMS_EN.len())],
            PLACES[rng.random_range(0..PLACES.len())]
        );
        let opener = rng.random_range(0..300);
        for i in 0..length {
            let sender = if i % 2 == 0 {
                opener
            } else {
                300 + rng.random_range(0..30)
            };
            let message = Message {
                id: format!("{run:x}.{conversation}.{i}@bench.example"),
                answers: (i > 0 && rng.random_range(0..10) > 0)
                    .then(|| format!("{run:x}.{conversation}.{}@bench.example", i - 1)),
                subject: if i == 0 {
                    subject.clone()
                } else {
                    format!("Re: {subject}")
                },
                sender,
                date: opened + Duration::hours(3 * i as i64),
                french: rng.random_range(0..3) == 0,
            };
            message.write(&mut out, &mut rng);
        }
        written += length;
        conversation += 1;
    }
    out
}

/// One synthetic message.
struct Message {
    id: String,
    answers: Option<String>,
    subject: String,
    sender: u32,
    date: DateTime<Utc>,
    french: bool,
}

impl Message {
    /// Writes it to `out` with its postmark, and the empty line after it.
    fn write(&self, out: &mut Vec<u8>, rng: &mut StdRng) {
        let from = format!("user{}@site{}.example", self.sender, self.sender % 17);
        let mut head = format!(
            "From {from} {}\nFrom: User {} <{from}>\nTo: ops@lists.example\nSubject: {}\nDate: {}\nMessage-ID: <{}>\n",
            self.date.format("%a %b %e %H:%M:%S %Y"),
            self.sender,
            self.subject,
            self.date.to_rfc2822(),
            self.id
        );
        if let Some(answers) = &self.answers {
            let _ = write!(head, "In-Reply-To: <{answers}>\nReferences: <{answers}>\n");
        }
        let charset = if self.french { "iso-8859-1" } else { "utf-8" };
        let _ = write!(
            head,
            "MIME-Version: 1.0\nContent-Type: text/plain; charset={charset}\n\n"
        );
        out.extend_from_slice(head.as_bytes());
        let sentences: &[&str] = if self.french { &SENTENCES_FR } else { &SENTENCES_EN };
        let mut body = String::new();
        for _ in 0..rng.random_range(2..=5) {
            body.push_str(sentences[rng.random_range(0..sentences.len())]);
            body.push('\n');
        }
        if rng.random_range(0..8) == 0 {
            body.push_str("\nFrom the logs of the worker nodes, nothing stands out.\n");
        }
        match self.french {
            true => out.extend(body.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))),
            false => out.extend_from_slice(body.as_bytes()),
        }
        out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_synthetic_archive_splits_into_as_many_messages() {
        let bytes = synthetic_mbox(500, 7);
        let archive = mbox_bytes(&bytes, "synthetic");
        assert_eq!(archive.mails.len(), 500);
        assert!(archive.problems.is_empty(), "{:?}", archive.problems);
        let french = archive
            .mails
            .iter()
            .find(|m| m.mail.text.contains("Pouvez-vous") || m.mail.text.contains("problème"));
        assert!(french.is_some(), "latin-1 bodies are decoded");
    }
}
