//! `/api/v1/vos` and `/api/v1/issue-types`: reference data that is just a
//! unique name. Both are declared by one macro, so they stay alike.

/// Declares a module of list/get/create/update/delete handlers for one
/// kind of named reference data.
macro_rules! named_resource {
    (
        $(#[$doc:meta])*
        $module:ident, $collection:literal, $item:literal, $id:ident,
        list: $list:ident, get: $get:ident, create: $create:ident, update: $update:ident, delete: $delete:ident
    ) => {
        $(#[$doc])*
        pub mod $module {
            use axum::Json;
            use axum::extract::State;
            use axum::http::StatusCode;

            use guichet_domain::ids::$id;
            use guichet_service::actor_of;
            use guichet_service::admin::named::{self as service, NamedBody};

            use crate::AppState;
            use crate::auth::CurrentUser;
            use crate::error::{ApiResult, ErrorBody};
            use crate::path::ApiPath;
            use crate::json::ApiJson;
            use crate::views::NamedJson;

            /// All, by name.
            #[utoipa::path(get, path = $collection, tag = "admin", responses((status = 200, body = [NamedJson])))]
            pub async fn list(State(state): State<AppState>, _user: CurrentUser) -> ApiResult<Json<Vec<NamedJson>>> {
                Ok(Json(service::$list(&state.ctx).await?.into_iter().map(NamedJson::from).collect()))
            }

            /// One.
            #[utoipa::path(get, path = $item, tag = "admin", params(("id" = i64, Path)),
                responses((status = 200, body = NamedJson), (status = 404, body = ErrorBody)))]
            pub async fn get(State(state): State<AppState>, _user: CurrentUser, ApiPath(id): ApiPath<i64>) -> ApiResult<Json<NamedJson>> {
                Ok(Json(service::$get(&state.ctx, $id(id)).await?.into()))
            }

            /// Creates one (admin).
            #[utoipa::path(post, path = $collection, tag = "admin", request_body = NamedBody,
                responses((status = 201, body = NamedJson), (status = 409, body = ErrorBody)))]
            pub async fn create(
                State(state): State<AppState>,
                CurrentUser(user): CurrentUser,
                ApiJson(body): ApiJson<NamedBody>,
            ) -> ApiResult<(StatusCode, Json<NamedJson>)> {
                let created = service::$create(&state.ctx, &actor_of(&user), &body).await?;
                Ok((StatusCode::CREATED, Json(created.into())))
            }

            /// Renames one (admin).
            #[utoipa::path(put, path = $item, tag = "admin", params(("id" = i64, Path)), request_body = NamedBody,
                responses((status = 200, body = NamedJson)))]
            pub async fn update(
                State(state): State<AppState>,
                CurrentUser(user): CurrentUser,
                ApiPath(id): ApiPath<i64>,
                ApiJson(body): ApiJson<NamedBody>,
            ) -> ApiResult<Json<NamedJson>> {
                Ok(Json(service::$update(&state.ctx, &actor_of(&user), $id(id), &body).await?.into()))
            }

            /// Deletes one no ticket refers to (admin).
            #[utoipa::path(delete, path = $item, tag = "admin", params(("id" = i64, Path)),
                responses((status = 204), (status = 409, body = ErrorBody)))]
            pub async fn delete(State(state): State<AppState>, CurrentUser(user): CurrentUser, ApiPath(id): ApiPath<i64>) -> ApiResult<StatusCode> {
                service::$delete(&state.ctx, &actor_of(&user), $id(id)).await?;
                Ok(StatusCode::NO_CONTENT)
            }
        }
    };
}

named_resource! {
    /// VOs (user communities).
    vos, "/api/v1/vos", "/api/v1/vos/{id}", VoId,
    list: list_vos, get: get_vo, create: create_vo, update: update_vo, delete: delete_vo
}

named_resource! {
    /// Types of issue (areas).
    issue_types, "/api/v1/issue-types", "/api/v1/issue-types/{id}", IssueTypeId,
    list: list_issue_types, get: get_issue_type, create: create_issue_type, update: update_issue_type, delete: delete_issue_type
}
