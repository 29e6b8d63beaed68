//! `GET /api/v1/rota?year=YYYY`: a year's rota, as JSON rows or as CSV.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

use guichet_service::actor_of;
use guichet_service::rota::{WeekRow, year_csv, year_rows};

use super::query::number;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{ApiError, ApiResult, ErrorBody};

/// What the table is sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
}

/// The `format` parameter, or else the `Accept` header: CSV when it asks
/// for `text/csv`, JSON otherwise.
fn format(params: &HashMap<String, String>, headers: &HeaderMap) -> ApiResult<Format> {
    match params.get("format").map(|f| f.trim()) {
        Some("json") => Ok(Format::Json),
        Some("csv") => Ok(Format::Csv),
        Some(other) => Err(ApiError::invalid(
            "format",
            format!("unknown format {other:?}; expected csv or json"),
        )),
        None => {
            let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
            Ok(if accept.contains("text/csv") {
                Format::Csv
            } else {
                Format::Json
            })
        }
    }
}

/// The rota of `year`, one row a week with the sites by name; 404 until
/// the year is generated. `format=csv` (or `Accept: text/csv`) sends the
/// CSV, with the header `week_start,primary,backup`.
#[utoipa::path(get, path = "/api/v1/rota", tag = "rota",
    params(("year" = i32, Query, description = "the year, e.g. 2027"),
        ("format" = Option<String>, Query, description = "json (the default) or csv; without it, `Accept: text/csv` asks for CSV")),
    responses((status = 200, description = "a row a week; as CSV, the header `week_start,primary,backup` then a line a week",
            content((Vec<WeekRow> = "application/json"), (String = "text/csv"))),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let year: i32 = number(&params, "year")?.ok_or_else(|| ApiError::invalid("year", "year is required"))?;
    let actor = actor_of(&user);
    Ok(match format(&params, &headers)? {
        Format::Json => Json(year_rows(&state.ctx, &actor, year).await?).into_response(),
        Format::Csv => {
            let csv = year_csv(&state.ctx, &actor, year).await?;
            ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response()
        }
    })
}
