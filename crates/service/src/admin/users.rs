//! Accounts: listing, creating, changing and deleting them.

use serde::Deserialize;
use utoipa::ToSchema;

use guichet_domain::actor::Actor;
use guichet_domain::ids::UserId;
use guichet_domain::role::Role;
use guichet_domain::text::{Email, Name};
use guichet_domain::user::AccountChange;
use guichet_store::{NewUser, User, UserPatch};

use super::require_admin;
use crate::auth::hash_password;
use crate::input::double_option;
use crate::{Context, ServiceError, ServiceResult};

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

/// All accounts, for supporters and above.
pub async fn list_users(ctx: &Context, actor: &Actor) -> ServiceResult<Vec<User>> {
    if !actor.role().is_supporter() {
        return Err(ServiceError::Forbidden("supporters only".into()));
    }
    Ok(ctx.store().users().await?)
}

/// One account: one's own, or anyone's for supporters. Others are "not
/// found", so requesters do not learn who has an account.
pub async fn get_user(ctx: &Context, actor: &Actor, id: UserId) -> ServiceResult<User> {
    if !actor.role().is_supporter() && actor.user_id() != Some(id) {
        return Err(ServiceError::NotFound("user"));
    }
    Ok(ctx.store().user(id).await?)
}

/// The account with address `email`, for supporters and above.
pub async fn user_by_email(ctx: &Context, actor: &Actor, email: &str) -> ServiceResult<Option<User>> {
    if !actor.role().is_supporter() {
        return Err(ServiceError::Forbidden("supporters only".into()));
    }
    Ok(ctx.store().user_by_email(&email.trim().to_lowercase()).await?)
}

/// Validates and creates an account, for an administrator.
pub async fn add_user(ctx: &Context, actor: &Actor, input: UserInput) -> ServiceResult<User> {
    require_admin(actor)?;
    let email = Email::parse("email", &input.email)?;
    let name = Name::parse("name", &input.name)?;
    let role = Role::parse(&input.role)?;
    let password_hash = match input.password.as_deref() {
        Some(password) => Some(hash_password(password).await?),
        None => None,
    };
    let dn = input.dn.filter(|dn| !dn.trim().is_empty());
    let new = NewUser {
        email: email.as_str().to_owned(),
        name: name.into_string(),
        role,
        dn,
        password_hash,
        created_at: ctx.now(),
    };
    ctx.store()
        .create_user(new)
        .await
        .map_err(|e| match ServiceError::from(e) {
            ServiceError::Conflict(_) => {
                ServiceError::Conflict(format!("an account for {} already exists", email.as_str()))
            }
            other => other,
        })
}

/// Validates and applies changes to account `id` on behalf of an
/// administrator, who may not disable or demote themselves.
pub async fn update_user(ctx: &Context, actor: &Actor, id: UserId, input: UserUpdateInput) -> ServiceResult<User> {
    require_admin(actor)?;
    let password_hash = match input.password.as_deref() {
        Some(password) => Some(hash_password(password).await?),
        None => None,
    };
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
        password_hash,
    };
    let change = AccountChange::Update {
        role: patch.role,
        disabled: patch.disabled,
    };
    actor.check_account_change(id, change)?;
    Ok(ctx.store().update_user(id, patch).await?)
}

/// Deletes account `id` on behalf of an administrator. Only an account
/// that never submitted, wrote or changed anything can go; others are
/// disabled instead, so history keeps its authors. Nobody deletes themselves.
pub async fn delete_user(ctx: &Context, actor: &Actor, id: UserId) -> ServiceResult<()> {
    require_admin(actor)?;
    actor.check_account_change(id, AccountChange::Delete)?;
    Ok(ctx.store().delete_user(id).await?)
}
