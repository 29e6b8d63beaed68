//! Routing: where a ticket goes, at creation and when first-level support triages it.

use serde::{Deserialize, Serialize};

use crate::ids::{IssueTypeId, RoutingRuleId, UnitId};
use crate::status::Status;

/// A configurable rule: tickets of this type of issue belong to this unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingRule {
    /// Identity.
    pub id: RoutingRuleId,
    /// The type of issue matched.
    pub issue_type: IssueTypeId,
    /// The unit it routes to.
    pub unit: UnitId,
}

/// The unit and status of a new ticket: the affected site's unit (`assigned`)
/// when a site was chosen, otherwise first-level support (`new`).
pub fn initial_assignment(site_unit: Option<UnitId>, first_level: UnitId) -> (UnitId, Status) {
    match site_unit {
        Some(unit) => (unit, Status::Assigned),
        None => (first_level, Status::New),
    }
}

/// The unit the rules suggest for a type of issue; the first matching rule wins.
pub fn suggest_unit(rules: &[RoutingRule], issue_type: Option<IssueTypeId>) -> Option<UnitId> {
    let issue_type = issue_type?;
    rules
        .iter()
        .find(|rule| rule.issue_type == issue_type)
        .map(|rule| rule.unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_map_types_to_units() {
        let rules = vec![
            RoutingRule {
                id: RoutingRuleId(1),
                issue_type: IssueTypeId(10),
                unit: UnitId(3),
            },
            RoutingRule {
                id: RoutingRuleId(2),
                issue_type: IssueTypeId(11),
                unit: UnitId(4),
            },
        ];
        assert_eq!(suggest_unit(&rules, Some(IssueTypeId(11))), Some(UnitId(4)));
        assert_eq!(suggest_unit(&rules, Some(IssueTypeId(12))), None);
        assert_eq!(suggest_unit(&rules, None), None);
    }

    #[test]
    fn site_tickets_skip_first_level() {
        assert_eq!(initial_assignment(None, UnitId(1)), (UnitId(1), Status::New));
        assert_eq!(
            initial_assignment(Some(UnitId(5)), UnitId(1)),
            (UnitId(5), Status::Assigned)
        );
    }
}
