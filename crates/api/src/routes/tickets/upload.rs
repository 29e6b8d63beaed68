//! `POST /api/v1/tickets/{id}/attachments?filename=NAME`: the body is the file.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;

use guichet_domain::ids::TicketId;
use guichet_service::attachments::{FileUpload, add_attachment};

use guichet_service::actor_of;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiResult, ErrorBody};
use crate::path::ApiPath;
use crate::views::AttachmentJson;

/// Attaches the request body as a file; the content type is sniffed, the name sanitised.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/attachments", tag = "attachments",
    params(("id" = i64, Path), ("filename" = String, Query)), request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = AttachmentJson), (status = 413, body = ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    Query(params): Query<HashMap<String, String>>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<AttachmentJson>)> {
    let file = FileUpload {
        filename: params.get("filename").map_or("attachment", String::as_str).to_owned(),
        content: body?,
    };
    let attachment = add_attachment(&state.ctx, &actor_of(&user), TicketId(id), file).await?;
    Ok((StatusCode::CREATED, Json(attachment.into())))
}
