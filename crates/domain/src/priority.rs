//! Priorities, and the rules for changing them.

use crate::error::DomainError;
use crate::label::labelled_enum;
use crate::role::Role;

labelled_enum! {
    /// A ticket's priority, lowest first.
    Priority, field = "priority" {
        /// The default.
        LessUrgent => "less urgent",
        /// The service is degraded and a workaround exists.
        Urgent => "urgent",
        /// The service is degraded and there is no workaround.
        VeryUrgent => "very urgent",
        /// The service is interrupted; alarm tickets from authorised people only.
        TopPriority => "top priority",
    }
}

impl Priority {
    /// The default priority of a new ticket.
    pub const DEFAULT: Priority = Priority::LessUrgent;
}

/// Checks a priority change (or an initial priority, from the default).
///
/// Raising needs a written justification; `top priority` is reserved for
/// supporters (authorised alarm raisers); lowering is for supporters, or for the
/// submitter on their own ticket.
pub fn check_priority_change(
    from: Priority,
    to: Priority,
    justification: Option<&str>,
    role: Role,
) -> Result<(), DomainError> {
    if to == Priority::TopPriority && from != to && !role.is_supporter() {
        return Err(DomainError::Forbidden(
            "\"top priority\" is reserved for alarm tickets from authorised supporters".into(),
        ));
    }
    let justified = justification.is_some_and(|j| !j.trim().is_empty());
    if to > from && !justified {
        return Err(DomainError::invalid(
            "priority_justification",
            format!("raising the priority from \"{from}\" to \"{to}\" needs a written justification"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Priority::*;
    use super::*;

    #[test]
    fn raising_needs_a_justification() {
        let err = check_priority_change(LessUrgent, Urgent, None, Role::Supporter).unwrap_err();
        assert_eq!(err.field(), Some("priority_justification"));
        assert!(check_priority_change(LessUrgent, Urgent, Some("  "), Role::Supporter).is_err());
        assert!(check_priority_change(LessUrgent, VeryUrgent, Some("site down"), Role::Requester).is_ok());
    }

    #[test]
    fn lowering_and_keeping_need_none() {
        assert!(check_priority_change(VeryUrgent, Urgent, None, Role::Supporter).is_ok());
        assert!(check_priority_change(Urgent, Urgent, None, Role::Requester).is_ok());
    }

    #[test]
    fn top_priority_is_for_authorised_people() {
        let err = check_priority_change(LessUrgent, TopPriority, Some("down"), Role::Requester).unwrap_err();
        assert!(matches!(err, DomainError::Forbidden(_)));
        assert!(check_priority_change(LessUrgent, TopPriority, Some("down"), Role::Shifter).is_ok());
    }

    #[test]
    fn priorities_are_ordered() {
        assert!(LessUrgent < Urgent && Urgent < VeryUrgent && VeryUrgent < TopPriority);
        assert_eq!(Priority::DEFAULT, LessUrgent);
    }
}
