//! The GGUS status machine, with the qualifiers of terminal statuses.

use crate::error::DomainError;
use crate::label::labelled_enum;

labelled_enum! {
    /// A ticket's status, as GGUS users know it.
    Status, field = "status" {
        /// Set by the system at creation.
        New => "new",
        /// Set by the system when a support unit is assigned.
        Assigned => "assigned",
        /// Someone is working on it.
        InProgress => "in progress",
        /// Waiting for input from the submitter only.
        WaitingForReply => "waiting for reply",
        /// Waiting for something external (a patch, a release).
        OnHold => "on hold",
        /// Reopened after a solution.
        Reopened => "reopened",
        /// Solved; the solution goes to the submitter.
        Solved => "solved",
        /// Closed without a solution.
        Unsolved => "unsolved",
        /// The submitter confirmed the solution. No further updates.
        Verified => "verified",
        /// Closed automatically 10 working days after solved/unsolved. Final.
        Closed => "closed",
    }
}

labelled_enum! {
    /// Why a ticket is solved or unsolved.
    Qualifier, field = "qualifier" {
        /// Solved: fixed.
        Fixed => "fixed",
        /// Solved: fixed with a workaround.
        FixedWorkaround => "fixed (workaround)",
        /// Solved: works as designed.
        WorksAsDesigned => "works as designed",
        /// Solved: other.
        Other => "other",
        /// Unsolved: duplicate of another ticket.
        Duplicate => "duplicate",
        /// Unsolved: invalid.
        Invalid => "invalid",
        /// Unsolved: won't fix.
        WontFix => "won't fix",
        /// Unsolved: the submitter did not answer, 15 working days after the
        /// ticket began waiting for them.
        NoReply => "no reply",
    }
}

impl Status {
    /// Open statuses are still being worked on.
    pub fn is_open(self) -> bool {
        !self.is_terminal()
    }

    /// Terminal statuses: solved, unsolved, verified, closed.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::Solved | Status::Unsolved | Status::Verified | Status::Closed
        )
    }

    /// Solved or unsolved: a supporter's answer that the submitter may verify or reopen.
    pub fn is_answered(self) -> bool {
        matches!(self, Status::Solved | Status::Unsolved)
    }

    /// Whether `self` may be followed by `to`.
    ///
    /// `new` is only ever set at creation; `closed` only by the system; a
    /// verified or closed ticket takes no further status.
    pub fn allows(self, to: Status) -> bool {
        use Status::*;
        match (self, to) {
            (_, New) => false,
            (Verified | Closed, _) => false,
            (Solved, Verified) => true,
            (Solved | Unsolved, Reopened | Closed) => true,
            (Solved | Unsolved, _) => false,
            // Every open status may move to any other open or answered status.
            (from, Assigned | InProgress | WaitingForReply | OnHold | Solved | Unsolved) => from != to,
            (_, Reopened | Verified | Closed) => false,
        }
    }

    /// Checks a move and its qualifier; returns the qualifier the ticket keeps.
    pub fn transition(self, to: Status, qualifier: Option<Qualifier>) -> Result<Option<Qualifier>, DomainError> {
        if !self.allows(to) {
            return Err(DomainError::IllegalTransition { from: self, to });
        }
        match (to, qualifier) {
            (Status::Solved | Status::Unsolved, None) => Err(DomainError::invalid(
                "qualifier",
                format!("status \"{to}\" needs a qualifier: {}", qualifier_labels(to)),
            )),
            (Status::Solved | Status::Unsolved, Some(q)) if q.fits(to) => Ok(Some(q)),
            (Status::Solved | Status::Unsolved, Some(q)) => Err(DomainError::invalid(
                "qualifier",
                format!(
                    "\"{q}\" does not qualify status \"{to}\"; expected one of: {}",
                    qualifier_labels(to)
                ),
            )),
            (_, Some(q)) => Err(DomainError::invalid(
                "qualifier",
                format!("status \"{to}\" takes no qualifier, but \"{q}\" was given"),
            )),
            (Status::Verified | Status::Closed, None) => Ok(None),
            (_, None) => Ok(None),
        }
    }
}

impl Qualifier {
    /// Whether this qualifier belongs to `status`.
    pub fn fits(self, status: Status) -> bool {
        use Qualifier::*;
        match status {
            Status::Solved => matches!(self, Fixed | FixedWorkaround | WorksAsDesigned | Other),
            Status::Unsolved => matches!(self, Duplicate | Invalid | WontFix | NoReply),
            _ => false,
        }
    }
}

fn qualifier_labels(status: Status) -> String {
    Qualifier::ALL
        .iter()
        .filter(|q| q.fits(status))
        .map(|q| q.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::Qualifier::*;
    use super::Status::*;
    use super::*;

    const OPEN: [Status; 6] = [New, Assigned, InProgress, WaitingForReply, OnHold, Reopened];

    fn qualifier_for(to: Status) -> Option<Qualifier> {
        match to {
            Solved => Some(Fixed),
            Unsolved => Some(Duplicate),
            _ => None,
        }
    }

    #[test]
    fn every_allowed_transition_is_accepted() {
        let allowed: Vec<(Status, Status)> = OPEN
            .iter()
            .flat_map(|&from| {
                [Assigned, InProgress, WaitingForReply, OnHold, Solved, Unsolved]
                    .into_iter()
                    .filter(move |&to| to != from)
                    .map(move |to| (from, to))
            })
            .chain([
                (Solved, Verified),
                (Solved, Reopened),
                (Solved, Closed),
                (Unsolved, Reopened),
                (Unsolved, Closed),
            ])
            .collect();
        // 6 open statuses x 6 targets, less the 4 self-moves, plus 5 from answered statuses.
        assert_eq!(allowed.len(), 6 * 6 - 4 + 5);
        for (from, to) in &allowed {
            assert!(
                from.transition(*to, qualifier_for(*to)).is_ok(),
                "{from} -> {to} should be allowed"
            );
        }
        let mut refused = 0;
        for from in Status::ALL {
            for to in Status::ALL {
                if allowed.contains(&(*from, *to)) {
                    continue;
                }
                refused += 1;
                let err = from.transition(*to, qualifier_for(*to)).unwrap_err();
                assert_eq!(err, DomainError::IllegalTransition { from: *from, to: *to });
                let text = err.to_string();
                assert!(text.contains(from.as_str()) && text.contains(to.as_str()), "{text}");
            }
        }
        assert_eq!(refused, 100 - allowed.len());
    }

    #[test]
    fn terminal_statuses_are_final_or_answered() {
        assert!(Verified.is_terminal() && Closed.is_terminal());
        assert!(!Closed.allows(Reopened), "a closed ticket cannot be reopened");
        assert!(!Verified.allows(InProgress), "a verified ticket takes no update");
        assert!(!Unsolved.allows(Verified));
        assert!(!InProgress.allows(New));
        assert!(OPEN.iter().all(|s| s.is_open()));
    }

    #[test]
    fn qualifiers_must_match_the_terminal_status() {
        assert_eq!(
            InProgress.transition(Solved, Some(FixedWorkaround)),
            Ok(Some(FixedWorkaround))
        );
        assert_eq!(InProgress.transition(Unsolved, Some(WontFix)), Ok(Some(WontFix)));
        let missing = InProgress.transition(Solved, None).unwrap_err();
        assert_eq!(missing.field(), Some("qualifier"));
        assert!(missing.to_string().contains("works as designed"));
        let wrong = InProgress.transition(Unsolved, Some(Fixed)).unwrap_err();
        assert!(wrong.to_string().contains("won't fix"), "{wrong}");
        let stray = InProgress.transition(OnHold, Some(Fixed)).unwrap_err();
        assert_eq!(stray.field(), Some("qualifier"));
    }

    #[test]
    fn labels_keep_their_spaces() {
        assert_eq!(Status::parse("waiting for reply"), Ok(WaitingForReply));
        assert_eq!(Qualifier::parse("won't fix"), Ok(WontFix));
        assert!(Status::parse("waiting_for_reply").is_err());
        let json = serde_json::to_string(&InProgress).unwrap();
        assert_eq!(json, "\"in progress\"");
    }
}
