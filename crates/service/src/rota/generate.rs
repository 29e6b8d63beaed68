//! Generating a year's rota: fair, reproducible from its seed, keeping the
//! weeks already begun and the shifts that swaps and overrides set.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use guichet_domain::ids::SiteId;
use guichet_domain::reference::Site;
use guichet_domain::rota::{RotaRow, Shift, generate_joined, output, year_weeks};
use guichet_store::{NewRotaEntry, ShiftWrite};

use super::access::require_coordinator;
use super::load::{availability, handover, site_names, stored_shifts};
use crate::change::Change;
use crate::{Actor, Context, ServiceError, ServiceResult};

/// The years a rota may be generated for.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// What to generate.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct GenerateBody {
    /// The year (its weeks are those whose handover day falls in it).
    pub year: i32,
    /// The seed of the draw; a random one if absent. The same seed, sites
    /// and kept shifts give the same rota.
    #[serde(default)]
    pub seed: Option<u64>,
}

/// What a generation did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Generated {
    /// The year.
    pub year: i32,
    /// The seed that drew it, to generate the same rota again: the one
    /// given, or one derived from it when the first draw broke a rule
    /// where the year meets the years already planned.
    pub seed: u64,
    /// The weeks whose shift was created or changed.
    pub changed: usize,
    /// The weeks kept as they were: begun, or set by a swap or an override.
    pub kept: usize,
    /// The year's rota.
    #[schema(value_type = Vec<super::read::WeekRow>)]
    pub rows: Vec<RotaRow>,
}

/// Generates the rota of `body.year` for every site, as a coordinator.
/// The weeks up to the one in force, and the shifts swaps and overrides
/// set, are kept; the others are drawn again. A year that cannot be fair
/// is refused with the rule and the week or site at fault.
pub async fn generate_year(ctx: &Context, actor: &Actor, body: GenerateBody) -> ServiceResult<Generated> {
    require_coordinator(actor, "generate the rota")?;
    if !YEARS.contains(&body.year) {
        return Err(ServiceError::invalid(
            "year",
            format!("the year must be between {} and {}", YEARS.start(), YEARS.end()),
        ));
    }
    let seed = body.seed.unwrap_or_else(rand::random);
    let handover = handover(ctx).await?;
    let weeks = year_weeks(body.year, handover.weekday);
    let stored = stored_shifts(ctx, &weeks).await?;
    let in_force = handover.week_at(ctx.now());
    let keep: Vec<Shift> = stored
        .values()
        .filter(|s| s.kept || s.shift.week_start <= in_force)
        .map(|s| s.shift)
        .collect();
    let (sites, available) = availability(ctx).await?;
    let before = neighbours(ctx, body.year - 1).await?;
    let after = neighbours(ctx, body.year + 1).await?;
    let joined =
        generate_joined(&weeks, &available, seed, &keep, (&before, &after)).map_err(|e| ServiceError::Refused {
            field: "rota",
            message: name_sites(&e.to_string(), &sites),
        })?;
    let (rota, seed) = (joined.rota, joined.seed);

    let mut change = Change::new(ctx);
    let author = actor.author();
    let mut changed_weeks = Vec::new();
    let mut concerned: Vec<SiteId> = Vec::new();
    for shift in rota.shifts() {
        let before = stored.get(&shift.week_start);
        if before.map(|b| b.shift) == Some(*shift) {
            continue;
        }
        changed_weeks.push(shift.week_start);
        concerned.extend([shift.primary, shift.backup]);
        concerned.extend(before.iter().flat_map(|b| [b.shift.primary, b.shift.backup]));
        change.write_shift(ShiftWrite {
            before: before.map(|b| b.shift),
            after: *shift,
            kept: before.is_some_and(|b| b.kept),
        });
    }
    concerned.sort();
    concerned.dedup();
    if !changed_weeks.is_empty() {
        change.rota_entry(NewRotaEntry {
            author: author.clone(),
            action: "generated".into(),
            week: None,
            detail: format!(
                "year {}, seed {seed}: {} weeks drawn, {} kept",
                body.year,
                changed_weeks.len(),
                keep.len()
            ),
        });
        change.rota_changed(&author, "generated", &changed_weeks, &concerned);
        ctx.store().commit(change.into_set()).await?;
    }
    Ok(Generated {
        year: body.year,
        seed,
        changed: changed_weeks.len(),
        kept: keep.len(),
        rows: output::rows(&rota, site_names(&sites)),
    })
}

/// The planned shifts of `year`, in order (none if it is not planned).
async fn neighbours(ctx: &Context, year: i32) -> ServiceResult<Vec<Shift>> {
    let weekday = ctx.handover_time().weekday;
    let weeks = year_weeks(year, weekday);
    let stored = stored_shifts(ctx, &weeks).await?;
    Ok(stored.into_values().map(|s| s.shift).collect())
}

/// `message` with each `site N` naming the site instead of its id.
pub(crate) fn name_sites(message: &str, sites: &[Site]) -> String {
    let mut named = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("site ") {
        let (before, after) = rest.split_at(at + "site ".len());
        named.push_str(before);
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let id = after[..digits].parse().ok().map(SiteId);
        match id.and_then(|id| sites.iter().find(|s| s.id == id)) {
            Some(site) => named.push_str(&site.name),
            None => named.push_str(&after[..digits]),
        }
        rest = &after[digits..];
    }
    named.push_str(rest);
    named
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichet_domain::ids::UnitId;

    #[test]
    fn errors_name_sites_by_name() {
        let site = |id, name: &str| Site {
            id: SiteId(id),
            name: name.into(),
            ngi: None,
            unit: UnitId(id),
        };
        let sites = [site(1, "IN2P3-CC"), site(12, "GRIF")];
        assert_eq!(
            name_sites("site 12 must take 3; site 1 too; site 7 is gone; a site is", &sites),
            "site GRIF must take 3; site IN2P3-CC too; site 7 is gone; a site is"
        );
    }
}
