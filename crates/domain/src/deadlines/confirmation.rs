//! Signed confirmation links: the submitter verifies or reopens an answered
//! ticket with one click, without signing in.
//!
//! A token names the ticket, the action, the answer it confirms (the
//! ticket's `status_changed_at` when it was solved or unsolved, so a link
//! for an old answer does not act on a newer one) and its expiry (the end
//! of the closure period, [`super::closes_at`]). It is signed with
//! HMAC-SHA256 under the deployment's key and spelled in lowercase hex, so
//! it fits a URL path as it is.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::ids::TicketId;

type HmacSha256 = Hmac<Sha256>;

/// The length of the signed payload: ticket id, action, answer, expiry.
const PAYLOAD: usize = 8 + 1 + 8 + 8;
/// The length of an HMAC-SHA256 tag.
const TAG: usize = 32;

/// What a link does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmAction {
    /// The submitter confirms the solution: `verified`.
    Verify,
    /// The submitter says it is not solved: `reopened`.
    Reopen,
}

impl ConfirmAction {
    /// The action's name in URLs, forms and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Verify => "verify",
            Self::Reopen => "reopen",
        }
    }

    fn code(self) -> u8 {
        match self {
            Self::Verify => b'v',
            Self::Reopen => b'r',
        }
    }

    fn from_code(code: u8) -> Option<Self> {
        match code {
            b'v' => Some(Self::Verify),
            b'r' => Some(Self::Reopen),
            _ => None,
        }
    }
}

/// What a token says, once its signature is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confirmation {
    /// The ticket it acts on.
    pub ticket: TicketId,
    /// What it does.
    pub action: ConfirmAction,
    /// The answer it confirms: the ticket's `status_changed_at` then.
    pub answered_at: DateTime<Utc>,
    /// The first instant it no longer works.
    pub expires_at: DateTime<Utc>,
}

/// Why a token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkRefusal {
    /// Not a token this deployment signed, or altered since.
    #[error("this link is not valid: it was altered or is incomplete")]
    Tampered,
    /// Signed for another action than the one asked.
    #[error("this link does not do that")]
    WrongAction,
    /// Signed for another ticket.
    #[error("this link is for another ticket")]
    OtherTicket,
    /// Its validity, the closure period, is over.
    #[error("this link has expired: the ticket's closure period is over")]
    Expired,
    /// The link did its work already: the ticket is verified or reopened.
    #[error("this link has already been used: the ticket is no longer waiting for your confirmation")]
    AlreadyUsed,
    /// The ticket has changed since the answer the link confirms.
    #[error("this link is out of date: the ticket has changed since, and this answer no longer stands")]
    Outdated,
}

impl Confirmation {
    /// The signed token, in lowercase hex.
    pub fn sign(&self, key: &[u8]) -> String {
        let payload = self.payload();
        let mut token = payload.to_vec();
        token.extend_from_slice(&mac(key, &payload).finalize().into_bytes());
        hex::encode(token)
    }

    /// Reads `token` and checks its signature in constant time; says
    /// nothing yet of its expiry or its ticket (see [`Confirmation::check`]).
    pub fn open(key: &[u8], token: &str) -> Result<Self, LinkRefusal> {
        let bytes = hex::decode(token).map_err(|_| LinkRefusal::Tampered)?;
        if bytes.len() != PAYLOAD + TAG {
            return Err(LinkRefusal::Tampered);
        }
        let (payload, tag) = bytes.split_at(PAYLOAD);
        mac(key, payload).verify_slice(tag).map_err(|_| LinkRefusal::Tampered)?;
        Self::from_payload(payload).ok_or(LinkRefusal::Tampered)
    }

    /// Checks that this confirmation does `action` on `ticket` at `now`
    /// (expired when `now >= expires_at`).
    pub fn check(&self, ticket: TicketId, action: ConfirmAction, now: DateTime<Utc>) -> Result<(), LinkRefusal> {
        if self.ticket != ticket {
            return Err(LinkRefusal::OtherTicket);
        }
        if self.action != action {
            return Err(LinkRefusal::WrongAction);
        }
        if now >= self.expires_at {
            return Err(LinkRefusal::Expired);
        }
        Ok(())
    }

    fn payload(&self) -> [u8; PAYLOAD] {
        let mut out = [0; PAYLOAD];
        out[..8].copy_from_slice(&self.ticket.0.to_be_bytes());
        out[8] = self.action.code();
        out[9..17].copy_from_slice(&self.answered_at.timestamp_micros().to_be_bytes());
        out[17..].copy_from_slice(&self.expires_at.timestamp_micros().to_be_bytes());
        out
    }

    fn from_payload(payload: &[u8]) -> Option<Self> {
        let number = |range: std::ops::Range<usize>| Some(i64::from_be_bytes(payload.get(range)?.try_into().ok()?));
        Some(Self {
            ticket: TicketId(number(0..8)?),
            action: ConfirmAction::from_code(*payload.get(8)?)?,
            answered_at: DateTime::from_timestamp_micros(number(9..17)?)?,
            expires_at: DateTime::from_timestamp_micros(number(17..25)?)?,
        })
    }
}

fn mac(key: &[u8], payload: &[u8]) -> HmacSha256 {
    #[expect(clippy::expect_used, reason = "HMAC takes a key of any length")]
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(payload);
    mac
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::fake::at;

    const KEY: &[u8] = b"a deployment key of thirty-two b";

    fn link(action: ConfirmAction) -> Confirmation {
        Confirmation {
            ticket: TicketId(42),
            action,
            answered_at: at("2025-03-05T10:00:00.123456Z"),
            expires_at: at("2025-03-19T10:00:00Z"),
        }
    }

    #[test]
    fn a_signed_link_opens_to_what_it_says() {
        for action in [ConfirmAction::Verify, ConfirmAction::Reopen] {
            let token = link(action).sign(KEY);
            assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "URL-safe: {token}");
            let opened = Confirmation::open(KEY, &token).unwrap();
            assert_eq!(opened, link(action));
            assert_eq!(opened.check(TicketId(42), action, at("2025-03-19T09:59:59Z")), Ok(()));
        }
    }

    #[test]
    fn every_altered_byte_is_refused() {
        let token = link(ConfirmAction::Verify).sign(KEY);
        let bytes = hex::decode(&token).unwrap();
        for i in 0..bytes.len() {
            let mut altered = bytes.clone();
            altered[i] ^= 0x01;
            assert_eq!(
                Confirmation::open(KEY, &hex::encode(altered)),
                Err(LinkRefusal::Tampered),
                "byte {i}"
            );
        }
        assert_eq!(
            Confirmation::open(KEY, &token[..token.len() - 2]),
            Err(LinkRefusal::Tampered)
        );
        assert_eq!(
            Confirmation::open(KEY, &format!("{token}00")),
            Err(LinkRefusal::Tampered)
        );
        assert_eq!(Confirmation::open(KEY, "not hex"), Err(LinkRefusal::Tampered));
        assert_eq!(Confirmation::open(b"another key", &token), Err(LinkRefusal::Tampered));
    }

    #[test]
    fn a_link_does_only_its_action_on_its_ticket() {
        let verify = Confirmation::open(KEY, &link(ConfirmAction::Verify).sign(KEY)).unwrap();
        let now = at("2025-03-06T10:00:00Z");
        assert_eq!(
            verify.check(TicketId(42), ConfirmAction::Reopen, now),
            Err(LinkRefusal::WrongAction)
        );
        assert_eq!(
            verify.check(TicketId(43), ConfirmAction::Verify, now),
            Err(LinkRefusal::OtherTicket)
        );
    }

    #[test]
    fn a_link_expires_at_the_end_of_the_closure_period() {
        let reopen = link(ConfirmAction::Reopen);
        let check = |now| reopen.check(TicketId(42), ConfirmAction::Reopen, at(now));
        assert_eq!(check("2025-03-19T09:59:59.999999Z"), Ok(()));
        assert_eq!(check("2025-03-19T10:00:00Z"), Err(LinkRefusal::Expired));
        assert_eq!(check("2026-01-01T00:00:00Z"), Err(LinkRefusal::Expired));
    }
}
