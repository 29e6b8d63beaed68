//! Reference data: support units, sites, VOs, types of issue.

use serde::{Deserialize, Serialize};

use crate::ids::{IssueTypeId, SiteId, UnitId, UserId, VoId};
use crate::label::labelled_enum;

labelled_enum! {
    /// What a support unit is for.
    UnitKind, field = "kind" {
        /// The triage team staffed by sites in rotation.
        FirstLevel => "first-level",
        /// One service or area of expertise.
        Expertise => "expertise",
        /// One site's own administrators.
        Site => "site",
    }
}

labelled_enum! {
    /// A unit's quality-of-support level, which sets its response targets.
    QosLevel, field = "qos_level" {
        /// 5 working days for every priority.
        Base => "base",
        /// 1 working day for very urgent and top priority.
        Medium => "medium",
        /// 4 working hours for top priority, 1 day for (very) urgent.
        Advanced => "advanced",
    }
}

/// A support unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// Identity.
    pub id: UnitId,
    /// Display name, unique.
    pub name: String,
    /// First-level, expertise or site.
    pub kind: UnitKind,
    /// Quality-of-support level.
    pub qos_level: QosLevel,
    /// The unit's mail address, if it has one.
    pub email: Option<String>,
    /// Members' user ids.
    pub members: Vec<UserId>,
}

/// A site (resource centre); it has its own support unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    /// Identity.
    pub id: SiteId,
    /// Site name, unique (e.g. `IN2P3-CC`).
    pub name: String,
    /// The national grid initiative it belongs to.
    pub ngi: Option<String>,
    /// The site's own support unit.
    pub unit: UnitId,
}

/// A virtual organisation (user community).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vo {
    /// Identity.
    pub id: VoId,
    /// VO name, unique (e.g. `biomed`).
    pub name: String,
}

/// A type of issue (area), e.g. Accounting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueType {
    /// Identity.
    pub id: IssueTypeId,
    /// Name, unique.
    pub name: String,
}

/// The unit name given to a site's own unit.
pub fn site_unit_name(site_name: &str) -> String {
    format!("{site_name} (site)")
}
