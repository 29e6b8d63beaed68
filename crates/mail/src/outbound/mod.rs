//! Notifications: written in the recipient's language and for their side
//! ([`render`]), queued by an event consumer ([`NotificationConsumer`]),
//! and sent through an SMTP relay ([`send_due`], [`run`]).
//!
//! - [`i18n`]: the words, one Fluent catalog per language;
//! - [`render`]: one mail for one recipient, a whole RFC 5322 message;
//! - [`rota`](mod@rota): the rota's notices (swaps, shift changes, the
//!   handover digest), one mail per recipient;
//! - [`consumer`]: the changes' notices, rendered and queued;
//! - [`relay`]: the relay a URL names;
//! - [`sender`]: the outbox, sent with retries and backoff.

pub mod consumer;
mod document;
pub mod i18n;
mod layout;
pub mod relay;
pub mod render;
pub mod rota;
mod rota_document;
pub mod sender;

pub use consumer::NotificationConsumer;
pub use relay::{Security, SmtpRelay};
pub use render::{RenderError, RenderedMail, render};
pub use rota::render_rota;
pub use sender::{SendReport, run, send_due};
