//! Who may do what.

use crate::label::labelled_enum;

labelled_enum! {
    /// A user's role. A user has exactly one; the higher roles include the lower.
    Role, field = "role" {
        /// Submits tickets; sees their own and public tickets.
        Requester => "requester",
        /// Member of the first-level team on shift.
        Shifter => "shifter",
        /// Member of one or more support units.
        Supporter => "supporter",
        /// Manages a support unit.
        UnitManager => "unit-manager",
        /// Ticket monitoring and reports.
        Coordinator => "coordinator",
        /// Administers reference data and accounts.
        Admin => "admin",
    }
}

impl Role {
    /// Whether this role works tickets (sees private tickets and internal notes).
    pub fn is_supporter(self) -> bool {
        self != Role::Requester
    }

    /// Whether this role administers reference data and accounts.
    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip_and_unknown_is_named() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(*role));
        }
        let err = Role::parse("boss").unwrap_err();
        assert_eq!(err.field, "role");
        assert!(err.message.contains("unit-manager"));
    }

    #[test]
    fn only_requesters_are_not_supporters() {
        assert!(!Role::Requester.is_supporter());
        assert!(Role::Shifter.is_supporter());
        assert!(Role::Admin.is_admin() && !Role::Coordinator.is_admin());
    }
}
