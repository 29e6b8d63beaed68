//! Notifications: what a mail says and carries, the relay URL, and delivery
//! through a real SMTP server (aiosmtpd) into the outbox's states.
#![expect(clippy::unwrap_used, reason = "test code: a panic is the failure report")]

#[path = "outbound/confirmation.rs"]
mod confirmation;
#[path = "outbound/delivery.rs"]
mod delivery;
#[path = "outbound/fixtures.rs"]
mod fixtures;
#[path = "outbound/loops.rs"]
mod loops;
#[path = "outbound/relay_url.rs"]
mod relay_url;
#[path = "outbound/reminders.rs"]
mod reminders;
#[path = "outbound/rendering.rs"]
mod rendering;
#[path = "outbound/rota.rs"]
mod rota;
#[path = "outbound/sink.rs"]
mod sink;
