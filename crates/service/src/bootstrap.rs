//! What a new deployment needs before it takes its first ticket: a
//! first-level support unit, where tickets without an affected site go.
//! `guichet migrate`, and so `serve`, make it when there is none.

use guichet_domain::ids::UnitId;
use guichet_domain::reference::{QosLevel, UnitKind};
use guichet_domain::text::{Email, Name};
use guichet_store::{StoreError, UnitInput};

use crate::{Context, ServiceError, ServiceResult};

/// The first-level unit's name, unless configured.
pub const DEFAULT_FIRST_LEVEL_NAME: &str = "First-level support";

/// The first-level unit's address, unless configured.
pub const DEFAULT_FIRST_LEVEL_EMAIL: &str = "helpdesk@localhost.localdomain";

/// How the first-level unit is made, if it is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstLevelSettings {
    /// Its name.
    pub name: String,
    /// Its mail address.
    pub email: String,
}

impl Default for FirstLevelSettings {
    fn default() -> Self {
        Self {
            name: DEFAULT_FIRST_LEVEL_NAME.into(),
            email: DEFAULT_FIRST_LEVEL_EMAIL.into(),
        }
    }
}

/// The first-level unit, and whether this call made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirstLevel {
    /// Its id.
    pub unit: UnitId,
    /// True when it did not exist before.
    pub created: bool,
}

/// Makes the first-level unit from `settings` if there is none; returns it
/// either way. Nodes starting together may both try: the loser finds the
/// winner's unit.
pub async fn ensure_first_level_unit(ctx: &Context, settings: &FirstLevelSettings) -> ServiceResult<FirstLevel> {
    if let Some(unit) = ctx.store().first_level_unit().await? {
        return Ok(FirstLevel { unit, created: false });
    }
    let input = UnitInput {
        name: Name::parse("first_level_name", &settings.name)?.into_string(),
        kind: UnitKind::FirstLevel,
        qos_level: QosLevel::Medium,
        email: Some(Email::parse("first_level_email", &settings.email)?.as_str().to_owned()),
        members: Vec::new(),
    };
    match ctx.store().create_unit(input).await {
        Ok(unit) => Ok(FirstLevel {
            unit: unit.id,
            created: true,
        }),
        Err(StoreError::Conflict(_)) => match ctx.store().first_level_unit().await? {
            Some(unit) => Ok(FirstLevel { unit, created: false }),
            None => Err(ServiceError::invalid(
                "first_level_name",
                format!(
                    "a unit named {:?} exists but is not first-level support; choose another name",
                    settings.name
                ),
            )),
        },
        Err(other) => Err(other.into()),
    }
}
