//! The rota as a table: one row a week, as CSV or as JSON.
//!
//! The CSV has the header `week_start,primary,backup`, then one line per
//! week: the start date (YYYY-MM-DD) and the two sites' names. A name with
//! a comma, a double quote or a line break is quoted as RFC 4180 says (in
//! double quotes, a double quote doubled). Lines end with `\n`, as a
//! command's output does; RFC 4180 readers accept it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::Rota;
use crate::ids::SiteId;

/// The CSV header.
pub const CSV_HEADER: &str = "week_start,primary,backup";

/// One week of the table, with the sites by name: what the JSON holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RotaRow {
    /// The shift's start date.
    pub week_start: NaiveDate,
    /// The primary site's name.
    pub primary: String,
    /// The backup site's name.
    pub backup: String,
}

/// The rows of `rota`, naming each site with `name`.
pub fn rows(rota: &Rota, name: impl Fn(SiteId) -> String) -> Vec<RotaRow> {
    rota.shifts()
        .iter()
        .map(|shift| RotaRow {
            week_start: shift.week_start.start(),
            primary: name(shift.primary),
            backup: name(shift.backup),
        })
        .collect()
}

/// The CSV text of `rows`, header first.
pub fn to_csv(rows: &[RotaRow]) -> String {
    let mut csv = format!("{CSV_HEADER}\n");
    for row in rows {
        csv.push_str(&format!(
            "{},{},{}\n",
            row.week_start.format("%Y-%m-%d"),
            field(&row.primary),
            field(&row.backup)
        ));
    }
    csv
}

/// A CSV field, quoted if it needs to be.
fn field(value: &str) -> String {
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rota::model::two_week_rota;

    fn rota() -> Rota {
        two_week_rota(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap())
    }

    fn name(site: SiteId) -> String {
        match site.0 {
            1 => "CERN-PROD".to_owned(),
            2 => "IN2P3-CC, Lyon".to_owned(),
            _ => "The \"big\" one".to_owned(),
        }
    }

    #[test]
    fn the_csv_has_the_header_and_a_line_a_week_quoted_as_rfc_4180_says() {
        let csv = to_csv(&rows(&rota(), name));
        assert_eq!(
            csv,
            "week_start,primary,backup\n\
             2026-01-05,CERN-PROD,\"IN2P3-CC, Lyon\"\n\
             2026-01-12,\"The \"\"big\"\" one\",CERN-PROD\n"
        );
    }

    #[test]
    fn the_json_has_the_same_fields() {
        let json = serde_json::to_value(rows(&rota(), name)).unwrap();
        assert_eq!(
            json[0],
            serde_json::json!({"week_start": "2026-01-05", "primary": "CERN-PROD", "backup": "IN2P3-CC, Lyon"})
        );
        assert_eq!(json.as_array().unwrap().len(), 2);
    }
}
