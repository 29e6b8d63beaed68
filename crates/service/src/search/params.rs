//! A search's filters as channels receive them: query-string values,
//! parsed here once for the API and the pages, each bad one reported with
//! its field.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use guichet_domain::ids::{IssueTypeId, SiteId, UnitId, VoId};
use guichet_domain::priority::Priority;
use guichet_domain::status::Status;
use guichet_store::{PageRequest, SearchFilter};

use crate::{ServiceError, ServiceResult};

/// A non-empty value of `field`, trimmed.
fn value<'p>(params: &'p HashMap<String, String>, field: &str) -> Option<&'p str> {
    params.get(field).map(|v| v.trim()).filter(|v| !v.is_empty())
}

fn whole<T: std::str::FromStr>(params: &HashMap<String, String>, field: &'static str) -> ServiceResult<Option<T>> {
    value(params, field)
        .map(|raw| {
            raw.parse()
                .map_err(|_| ServiceError::invalid(field, format!("{field} must be a whole number")))
        })
        .transpose()
}

/// A moment given as a date (`2026-11-28`, the start of that day in UTC,
/// or of the next day with `end_of_day`) or an RFC 3339 time.
fn moment(
    params: &HashMap<String, String>,
    field: &'static str,
    end_of_day: bool,
) -> ServiceResult<Option<DateTime<Utc>>> {
    let Some(raw) = value(params, field) else {
        return Ok(None);
    };
    if let Ok(day) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        let start = day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        return Ok(Some(if end_of_day { start + Duration::days(1) } else { start }));
    }
    DateTime::parse_from_rfc3339(raw)
        .map(|t| Some(t.with_timezone(&Utc)))
        .map_err(|_| {
            ServiceError::invalid(
                field,
                format!("{field} must be a date (2026-11-28) or an RFC 3339 time (2026-11-28T09:00:00Z)"),
            )
        })
}

/// The filters of a search: `status` (comma-separated), `unit`, `site`,
/// `vo`, `type`, `priority`, and the opening period `from` and `until`
/// (dates, both included, or RFC 3339 times, `until` excluded).
pub fn parse_filter(params: &HashMap<String, String>) -> ServiceResult<SearchFilter> {
    let statuses = match value(params, "status") {
        Some(raw) => raw
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(Status::parse)
            .collect::<Result<_, _>>()
            .map_err(|e| ServiceError::invalid("status", e.message))?,
        None => Vec::new(),
    };
    let priority = value(params, "priority")
        .map(Priority::parse)
        .transpose()
        .map_err(|e| ServiceError::invalid("priority", e.message))?;
    Ok(SearchFilter {
        statuses,
        unit: whole(params, "unit")?.map(UnitId),
        site: whole(params, "site")?.map(SiteId),
        vo: whole(params, "vo")?.map(VoId),
        issue_type: whole(params, "type")?.map(IssueTypeId),
        priority,
        opened_from: moment(params, "from", false)?,
        opened_until: moment(params, "until", true)?,
        ..SearchFilter::default()
    })
}

/// The page asked: `page` (from 1, default 1) and `per_page` (default 25).
pub fn parse_page(params: &HashMap<String, String>) -> ServiceResult<PageRequest> {
    Ok(PageRequest {
        page: whole(params, "page")?.unwrap_or(1),
        per_page: whole(params, "per_page")?.unwrap_or(25),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn filters_parse_and_bad_ones_name_their_field() {
        let filter = parse_filter(&params(&[
            ("status", "solved, closed"),
            ("unit", "3"),
            ("type", "2"),
            ("from", "2026-01-01"),
            ("until", "2026-01-31"),
            ("priority", "urgent"),
            ("site", ""),
        ]))
        .unwrap();
        assert_eq!(filter.statuses, [Status::Solved, Status::Closed]);
        assert_eq!(
            (filter.unit, filter.issue_type, filter.site),
            (Some(UnitId(3)), Some(IssueTypeId(2)), None)
        );
        assert_eq!(
            filter.opened_until.unwrap().to_rfc3339(),
            "2026-02-01T00:00:00+00:00",
            "until is included"
        );
        for (field, bad) in [
            ("status", "sleeping"),
            ("unit", "x"),
            ("from", "yesterday"),
            ("priority", "asap"),
        ] {
            match parse_filter(&params(&[(field, bad)])) {
                Err(ServiceError::Invalid { field: named, .. }) => assert_eq!(named, field),
                other => panic!("{field}={bad}: {other:?}"),
            }
        }
        assert!(matches!(
            parse_page(&params(&[("page", "-1")])),
            Err(ServiceError::Invalid { field: "page", .. })
        ));
    }
}
