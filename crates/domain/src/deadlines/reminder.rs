//! Reminders: what a ticket's clocks tell people when a deadline is
//! reached, and the mark that makes each one happen once.
//!
//! A reminder travels as the payload of a `ticket.deadline` event
//! ([`crate::event::deadline_event`]); the rule of who hears it is
//! [`crate::notify::reminder_recipients`]. Its [`Reminder::mark`] names it
//! with the instant its clock started, so the scheduler commits it under
//! that key once: the same colour after a reset, or a second wait for a
//! reply, is a new clock and a new mark.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::colour::Colour;
use super::escalation::EscalationLevel;
use super::waiting::WaitingStep;
use crate::ids::TicketId;

/// A deadline reached, as the people it concerns hear of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "deadline", rename_all = "kebab-case")]
pub enum Reminder {
    /// The ticket changed colour (yellow, amber or red): the unit is reminded.
    Colour {
        /// The colour reached.
        colour: Colour,
    },
    /// The unit has used 75 % of its QoS response target without responding.
    QosWarning {
        /// The whole target, in working hours.
        target_hours: i64,
    },
    /// The unit's QoS response target passed without a response: a breach.
    QosBreach {
        /// The whole target, in working hours.
        target_hours: i64,
    },
    /// The submitter escalated the ticket.
    Escalated {
        /// The level reached.
        level: EscalationLevel,
    },
    /// The ticket still waits for its submitter's reply.
    AwaitingReply {
        /// Which reminder this is (the first or the second).
        step: WaitingStep,
    },
}

impl Reminder {
    /// A short stable name of the reminder's kind and value, such as
    /// `colour-amber` or `awaiting-reply-first reminder`.
    pub fn name(&self) -> String {
        match self {
            Reminder::Colour { colour } => format!("colour-{colour}"),
            Reminder::QosWarning { .. } => "qos-warning".to_owned(),
            Reminder::QosBreach { .. } => "qos-breach".to_owned(),
            Reminder::Escalated { level } => format!("escalated-{level}"),
            Reminder::AwaitingReply { step } => format!("awaiting-reply-{step}"),
        }
    }

    /// The key that makes this reminder of `ticket` happen once for the
    /// clock that started at `clock_start`.
    pub fn mark(&self, ticket: TicketId, clock_start: DateTime<Utc>) -> String {
        format!("deadline:{}:{}:{}", ticket.0, self.name(), clock_start.timestamp())
    }

    /// Whether only supporters hear of it: every reminder but the one to
    /// the submitter waiting for their reply.
    pub fn is_for_supporters(&self) -> bool {
        !matches!(self, Reminder::AwaitingReply { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_reminder_travels_as_tagged_json() {
        let reminder = Reminder::Colour { colour: Colour::Amber };
        let json = serde_json::to_value(reminder).unwrap();
        assert_eq!(json, serde_json::json!({"deadline": "colour", "colour": "amber"}));
        assert_eq!(serde_json::from_value::<Reminder>(json).unwrap(), reminder);
        let waiting = Reminder::AwaitingReply {
            step: WaitingStep::SecondReminder,
        };
        let json = serde_json::to_value(waiting).unwrap();
        assert_eq!(json["deadline"], "awaiting-reply");
        assert_eq!(json["step"], "second reminder");
    }

    #[test]
    fn a_mark_differs_by_ticket_kind_and_clock() {
        let amber = Reminder::Colour { colour: Colour::Amber };
        let red = Reminder::Colour { colour: Colour::Red };
        let start = at("2026-11-30T08:00:00Z");
        let mark = amber.mark(TicketId(7), start);
        assert_eq!(mark, format!("deadline:7:colour-amber:{}", start.timestamp()));
        assert_ne!(mark, red.mark(TicketId(7), start));
        assert_ne!(mark, amber.mark(TicketId(8), start));
        assert_ne!(
            mark,
            amber.mark(TicketId(7), at("2026-12-01T08:00:00Z")),
            "a reset re-arms it"
        );
    }

    #[test]
    fn only_the_reminder_of_a_reply_reaches_the_requester_side() {
        assert!(Reminder::QosBreach { target_hours: 40 }.is_for_supporters());
        assert!(
            Reminder::Escalated {
                level: EscalationLevel::Unit
            }
            .is_for_supporters()
        );
        assert!(
            !Reminder::AwaitingReply {
                step: WaitingStep::FirstReminder
            }
            .is_for_supporters()
        );
    }
}
