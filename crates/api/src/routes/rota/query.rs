//! Reading the rota routes' query parameters, naming the one at fault.

use std::collections::HashMap;

use crate::error::{ApiError, ApiResult};

/// The whole number `field` of `params`, if given.
pub(crate) fn number<T: std::str::FromStr>(params: &HashMap<String, String>, field: &str) -> ApiResult<Option<T>> {
    params
        .get(field)
        .map(|raw| {
            raw.trim()
                .parse()
                .map_err(|_| ApiError::invalid(field, format!("{field} must be a whole number")))
        })
        .transpose()
}

/// The whole number `field` of `params`, between `min` and `max`;
/// `default` when absent.
pub(crate) fn bounded(
    params: &HashMap<String, String>,
    field: &str,
    default: i64,
    (min, max): (i64, i64),
) -> ApiResult<i64> {
    let value = number(params, field)?.unwrap_or(default);
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(ApiError::invalid(
            field,
            format!("{field} must be between {min} and {max}"),
        ))
    }
}

/// The boolean `field` of `params`: `true` or `false`; `false` when absent.
pub(crate) fn flag(params: &HashMap<String, String>, field: &str) -> ApiResult<bool> {
    match params.get(field).map(|raw| raw.trim()) {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(ApiError::invalid(field, format!("{field} must be true or false"))),
    }
}
