//! The clocks of open tickets, run by the worker: reminders at each colour
//! change, QoS warnings and breaches, the reminders of `waiting for reply`
//! and its automatic end, and the closure of answered tickets.

pub mod attention;
pub mod pass;
pub mod remind;

pub use pass::{PassReport, open_ticket_count, run_pass};
pub use remind::send_reminder;
