//! Administration: accounts and reference data. The API requires the admin
//! role; the command line is trusted (it runs on the server).

use serde::Deserialize;
use utoipa::ToSchema;

use guichet_domain::ids::{IssueTypeId, UnitId, UserId};
use guichet_domain::reference::{QosLevel, UnitKind};
use guichet_domain::role::Role;
use guichet_domain::text::{Email, Name};
use guichet_domain::user::AccountChange;
use guichet_store::{NewUser, SiteInput, Store, UnitInput, User, UserPatch};

use crate::auth::hash_password;
use crate::input::double_option;
use crate::{ServiceError, ServiceResult};

/// Refuses anyone but administrators.
pub fn require_admin(user: &User) -> ServiceResult<()> {
    if user.role.is_admin() {
        Ok(())
    } else {
        Err(ServiceError::Forbidden("administrators only".into()))
    }
}

/// A new account.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserInput {
    /// Login and notification address.
    pub email: String,
    /// Display name.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// One of requester, shifter, supporter, unit-manager, coordinator, admin.
    #[schema(schema_with = crate::schema::role)]
    pub role: String,
    /// Password (at least 8 characters); accounts without one use tokens only.
    #[schema(min_length = 8)]
    pub password: Option<String>,
    /// Certificate DN.
    pub dn: Option<String>,
}

/// Validates and creates an account.
pub async fn add_user(store: &dyn Store, input: UserInput) -> ServiceResult<User> {
    let email = Email::parse("email", &input.email)?;
    let name = Name::parse("name", &input.name)?;
    let role = Role::parse(&input.role)?;
    let password_hash = input.password.as_deref().map(hash_password).transpose()?;
    let dn = input.dn.filter(|dn| !dn.trim().is_empty());
    let new = NewUser {
        email: email.as_str().to_owned(),
        name: name.into_string(),
        role,
        dn,
        password_hash,
    };
    store.create_user(new).await.map_err(|e| match ServiceError::from(e) {
        ServiceError::Conflict(_) => {
            ServiceError::Conflict(format!("an account for {} already exists", email.as_str()))
        }
        other => other,
    })
}

/// Changes to an account.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserUpdateInput {
    /// New name.
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    /// New role.
    #[schema(schema_with = crate::schema::optional_role)]
    pub role: Option<String>,
    /// New DN, or `null`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub dn: Option<Option<String>>,
    /// Disable (true) or enable (false).
    pub disabled: Option<bool>,
    /// New password.
    #[schema(min_length = 8)]
    pub password: Option<String>,
}

/// Validates and applies changes to account `id` on behalf of administrator
/// `by`, who may not disable or demote themselves.
pub async fn update_user(store: &dyn Store, by: &User, id: UserId, input: UserUpdateInput) -> ServiceResult<User> {
    require_admin(by)?;
    let patch = UserPatch {
        name: input
            .name
            .as_deref()
            .map(|n| Name::parse("name", n))
            .transpose()?
            .map(Name::into_string),
        role: input.role.as_deref().map(Role::parse).transpose()?,
        dn: input.dn,
        disabled: input.disabled,
        password_hash: input.password.as_deref().map(hash_password).transpose()?,
    };
    let change = AccountChange::Update {
        role: patch.role,
        disabled: patch.disabled,
    };
    by.check_account_change(id, change)?;
    Ok(store.update_user(id, patch).await?)
}

/// Deletes account `id` on behalf of administrator `by`. Only an account
/// that never submitted, wrote or changed anything can go; others are
/// disabled instead, so history keeps its authors. Nobody deletes themselves.
pub async fn delete_user(store: &dyn Store, by: &User, id: UserId) -> ServiceResult<()> {
    require_admin(by)?;
    by.check_account_change(id, AccountChange::Delete)?;
    Ok(store.delete_user(id).await?)
}

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
pub async fn unit_input(store: &dyn Store, body: UnitBody) -> ServiceResult<UnitInput> {
    for member in &body.members {
        if store.user(*member).await.is_err() {
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

/// A site.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteBody {
    /// Unique name, e.g. `IN2P3-CC`.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// National grid initiative.
    pub ngi: Option<String>,
}

/// Validates a site.
pub fn site_input(body: SiteBody) -> ServiceResult<SiteInput> {
    Ok(SiteInput {
        name: Name::parse("name", &body.name)?.into_string(),
        ngi: body
            .ngi
            .as_deref()
            .map(|n| Name::parse("ngi", n))
            .transpose()?
            .map(Name::into_string),
    })
}

/// Something with just a name: a VO or a type of issue.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NamedBody {
    /// Unique name.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
}

/// Validates a name.
pub fn name_of(body: &NamedBody) -> ServiceResult<String> {
    Ok(Name::parse("name", &body.name)?.into_string())
}

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

/// Checks a rule's references.
pub async fn check_rule(store: &dyn Store, body: &RuleBody) -> ServiceResult<()> {
    if store.issue_type(body.issue_type).await.is_err() {
        return Err(ServiceError::invalid("issue_type", "no type of issue has that id"));
    }
    if store.unit(body.unit).await.is_err() {
        return Err(ServiceError::invalid("unit", "no unit has that id"));
    }
    Ok(())
}
