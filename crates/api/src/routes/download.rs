//! `GET /api/v1/attachments/{id}`: always served as a download.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

use guichet_domain::ids::AttachmentId;
use guichet_service::attachments::attachment;

use guichet_service::actor_of;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::path::ApiPath;

/// The file, with `Content-Disposition: attachment` and its sniffed type.
#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "attachments", params(("id" = i64, Path)),
    responses((status = 200, description = "the file, typed by its sniffed content", content_type = "*/*"), (status = 404, body = ErrorBody)))]
pub async fn download(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<impl IntoResponse> {
    let (meta, content) = attachment(&state.ctx, &actor_of(&user), AttachmentId(id)).await?;
    let disposition = format!("attachment; filename=\"{}\"", meta.filename.replace(['"', '\\'], "_"));
    Ok((
        [
            (header::CONTENT_TYPE, meta.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        content,
    ))
}
