//! What threading sees of each archived message.

use guichet_domain::mail::archive_threads::ArchivedMessage;
use guichet_domain::mail::tag::{has_reply_prefix, normalise_subject};

use super::ArchivedMail;

/// The suffix of the Message-ID a channel makes for a message without one.
const DIGEST_SUFFIX: &str = "@digest.guichet.invalid";

/// The threading view of `mails`, in the same order.
pub(super) fn archived(mails: &[ArchivedMail], tag_prefix: &str) -> Vec<ArchivedMessage> {
    mails
        .iter()
        .map(|archived| {
            let mail = &archived.mail;
            ArchivedMessage {
                message_id: Some(mail.message_id.clone()).filter(|id| !id.ends_with(DIGEST_SUFFIX)),
                answers: mail.in_reply_to.iter().chain(&mail.references).cloned().collect(),
                subject: normalise_subject(&mail.subject, tag_prefix),
                reply_prefix: has_reply_prefix(&mail.subject),
                date: archived.date,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::mail::IncomingMail;

    #[test]
    fn replies_name_what_they_answer_and_digest_ids_name_nothing() {
        let date = Utc.with_ymd_and_hms(2009, 1, 5, 10, 0, 0).unwrap();
        let reply = ArchivedMail {
            mail: IncomingMail {
                message_id: "b@x".into(),
                subject: "[ops] Re: [Guichet #100234] dCache  DOWN".into(),
                in_reply_to: vec!["a@x".into()],
                references: vec!["r@x".into(), "a@x".into()],
                ..IncomingMail::default()
            },
            date,
        };
        let digest = ArchivedMail {
            mail: IncomingMail {
                message_id: format!("00ff{DIGEST_SUFFIX}"),
                subject: "dCache down".into(),
                ..IncomingMail::default()
            },
            date,
        };
        let seen = archived(&[reply, digest], "Guichet");
        assert_eq!(seen[0].message_id.as_deref(), Some("b@x"));
        assert_eq!(seen[0].answers, ["a@x", "r@x", "a@x"]);
        assert_eq!(seen[0].subject, "dcache down");
        assert!(seen[0].reply_prefix);
        assert_eq!(seen[1].message_id, None, "a digest id is no Message-ID to answer");
        assert!(!seen[1].reply_prefix);
    }
}
