//! Routing rules: which unit a type of issue goes to.

use serde::Deserialize;
use utoipa::ToSchema;

use guichet_domain::actor::Actor;
use guichet_domain::ids::{IssueTypeId, RoutingRuleId, UnitId};
use guichet_domain::routing::RoutingRule;

use super::require_admin;
use crate::{Context, ServiceError, ServiceResult};

/// A routing rule.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleBody {
    /// Type of issue id.
    #[schema(value_type = i64)]
    pub issue_type: IssueTypeId,
    /// Unit id.
    #[schema(value_type = i64)]
    pub unit: UnitId,
}

/// All rules.
pub async fn list_rules(ctx: &Context) -> ServiceResult<Vec<RoutingRule>> {
    Ok(ctx.store().routing_rules().await?)
}

/// Sets the rule of a type of issue, replacing any (administrators).
pub async fn set_rule(ctx: &Context, actor: &Actor, body: RuleBody) -> ServiceResult<RoutingRule> {
    require_admin(actor)?;
    if ctx.store().issue_type(body.issue_type).await.is_err() {
        return Err(ServiceError::invalid("issue_type", "no type of issue has that id"));
    }
    if ctx.store().unit(body.unit).await.is_err() {
        return Err(ServiceError::invalid("unit", "no unit has that id"));
    }
    Ok(ctx.store().set_routing_rule(body.issue_type, body.unit).await?)
}

/// Deletes a rule (administrators).
pub async fn delete_rule(ctx: &Context, actor: &Actor, id: RoutingRuleId) -> ServiceResult<()> {
    require_admin(actor)?;
    Ok(ctx.store().delete_routing_rule(id).await?)
}
