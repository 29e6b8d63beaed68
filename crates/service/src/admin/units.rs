//! Support units.

use serde::Deserialize;
use utoipa::ToSchema;

use guichet_domain::actor::Actor;
use guichet_domain::ids::{UnitId, UserId};
use guichet_domain::reference::{QosLevel, Unit, UnitKind};
use guichet_domain::text::{Email, Name};
use guichet_store::UnitInput;

use super::require_admin;
use crate::{Context, ServiceError, ServiceResult};

/// A support unit.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitBody {
    /// Unique name.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// `first-level`, `expertise` or `site`.
    #[schema(schema_with = crate::schema::unit_kind)]
    pub kind: String,
    /// `base` (default), `medium` or `advanced`.
    #[schema(schema_with = crate::schema::optional_qos_level)]
    pub qos_level: Option<String>,
    /// The unit's address.
    pub email: Option<String>,
    /// Member user ids.
    #[serde(default)]
    #[schema(value_type = Vec<i64>)]
    pub members: Vec<UserId>,
}

/// Validates a unit and checks its members exist.
async fn unit_input(ctx: &Context, body: UnitBody) -> ServiceResult<UnitInput> {
    for member in &body.members {
        if ctx.store().user(*member).await.is_err() {
            return Err(ServiceError::invalid("members", format!("no user has id {member}")));
        }
    }
    Ok(UnitInput {
        name: Name::parse("name", &body.name)?.into_string(),
        kind: UnitKind::parse(&body.kind)?,
        qos_level: body
            .qos_level
            .as_deref()
            .map(QosLevel::parse)
            .transpose()?
            .unwrap_or(QosLevel::Base),
        email: body
            .email
            .as_deref()
            .map(|e| Email::parse("email", e))
            .transpose()?
            .map(|e| e.as_str().to_owned()),
        members: body.members,
    })
}

/// All units, by name.
pub async fn list_units(ctx: &Context) -> ServiceResult<Vec<Unit>> {
    Ok(ctx.store().units().await?)
}

/// One unit.
pub async fn get_unit(ctx: &Context, id: UnitId) -> ServiceResult<Unit> {
    Ok(ctx.store().unit(id).await?)
}

/// Creates a unit (administrators).
pub async fn create_unit(ctx: &Context, actor: &Actor, body: UnitBody) -> ServiceResult<Unit> {
    require_admin(actor)?;
    let input = unit_input(ctx, body).await?;
    Ok(ctx.store().create_unit(input).await?)
}

/// Replaces a unit's fields and members (administrators).
pub async fn update_unit(ctx: &Context, actor: &Actor, id: UnitId, body: UnitBody) -> ServiceResult<Unit> {
    require_admin(actor)?;
    let input = unit_input(ctx, body).await?;
    Ok(ctx.store().update_unit(id, input).await?)
}

/// Deletes a unit no ticket or site refers to (administrators).
pub async fn delete_unit(ctx: &Context, actor: &Actor, id: UnitId) -> ServiceResult<()> {
    require_admin(actor)?;
    Ok(ctx.store().delete_unit(id).await?)
}
