//! Showing the rota: a year's table, who is on shift this week and next,
//! a site's next shifts, and the rota's history.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use guichet_domain::ids::{SiteId, UserId};
use guichet_domain::reference::Site;
use guichet_domain::rota::{Handover, Role, RotaRow, Shift, output};
use guichet_store::RotaEntry;

use super::access::require_supporter;
use super::duty::on_duty_at;
use super::load::{handover, planned_rota, site_names};
use crate::{Actor, Context, ServiceResult};

/// The rows of `year`'s rota, one a week; `NotFound` until it is generated.
pub async fn year_rows(ctx: &Context, actor: &Actor, year: i32) -> ServiceResult<Vec<RotaRow>> {
    require_supporter(actor)?;
    let handover = handover(ctx).await?;
    let (rota, _) = planned_rota(ctx, &handover, year..=year).await?;
    let sites = ctx.store().sites().await?;
    Ok(output::rows(&rota, site_names(&sites)))
}

/// One week of the rota table, as the API documents it (the JSON of the
/// domain's `RotaRow`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WeekRow {
    /// The shift's start date, YYYY-MM-DD.
    pub week_start: NaiveDate,
    /// The primary site's name.
    pub primary: String,
    /// The backup site's name.
    pub backup: String,
}

/// The start date of the week in force now: the last one whose handover
/// has passed, in the deployment's zone.
pub async fn week_in_force(ctx: &Context) -> ServiceResult<NaiveDate> {
    Ok(handover(ctx).await?.week_at(ctx.now()).start())
}

/// `year`'s rota as CSV: `week_start,primary,backup`, a line a week.
pub async fn year_csv(ctx: &Context, actor: &Actor, year: i32) -> ServiceResult<String> {
    Ok(output::to_csv(&year_rows(ctx, actor, year).await?))
}

/// A site, by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SiteRef {
    /// Identity.
    #[schema(value_type = i64)]
    pub id: SiteId,
    /// Name.
    pub name: String,
}

/// A person on duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DutyPerson {
    /// Identity.
    #[schema(value_type = i64)]
    pub id: UserId,
    /// Name.
    pub name: String,
    /// Address.
    pub email: String,
}

/// One week's shift, with who is on duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ShiftView {
    /// The shift's start date.
    pub week_start: NaiveDate,
    /// The handover that opens it.
    pub starts_at: DateTime<Utc>,
    /// The handover that ends it.
    pub ends_at: DateTime<Utc>,
    /// The site on shift.
    pub primary: SiteRef,
    /// The site that steps in.
    pub backup: SiteRef,
    /// The people on duty: the primary's available shift contacts, or the
    /// backup's; empty when neither has anyone, and the whole first-level
    /// unit is told.
    pub on_duty: Vec<DutyPerson>,
    /// Whether the backup site stepped in.
    pub backup_stepped_in: bool,
}

/// Who is on shift this week and next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct OnShiftView {
    /// This week's shift, if the rota has one.
    pub current: Option<ShiftView>,
    /// Next week's.
    pub next: Option<ShiftView>,
}

/// Who is on shift this week and next.
pub async fn on_shift_view(ctx: &Context, actor: &Actor) -> ServiceResult<OnShiftView> {
    require_supporter(actor)?;
    let handover = handover(ctx).await?;
    let now = ctx.now();
    let this_week = handover.week_at(now);
    let next_start = handover.starts(this_week.next());
    let sites = ctx.store().sites().await?;
    Ok(OnShiftView {
        current: shift_view(ctx, &handover, &sites, now).await?,
        next: shift_view(ctx, &handover, &sites, next_start).await?,
    })
}

async fn shift_view(
    ctx: &Context,
    handover: &Handover,
    sites: &[Site],
    at: DateTime<Utc>,
) -> ServiceResult<Option<ShiftView>> {
    let Some(team) = on_duty_at(ctx, at).await? else {
        return Ok(None);
    };
    let name = site_names(sites);
    let mut on_duty = Vec::new();
    for id in team.duty.iter().flat_map(|d| d.people.iter()) {
        let user = ctx.store().user(*id).await?;
        on_duty.push(DutyPerson {
            id: user.id,
            name: user.name,
            email: user.email,
        });
    }
    Ok(Some(ShiftView {
        week_start: team.week.start(),
        starts_at: handover.starts(team.week),
        ends_at: handover.ends(team.week),
        primary: SiteRef {
            id: team.primary,
            name: name(team.primary),
        },
        backup: SiteRef {
            id: team.backup,
            name: name(team.backup),
        },
        on_duty,
        backup_stepped_in: team.duty.is_some_and(|d| d.backup_stepped_in),
    }))
}

/// One of a site's shifts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SiteShift {
    /// The shift's start date.
    pub week_start: NaiveDate,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// The site's role: `primary` or `backup`.
    #[schema(value_type = String)]
    pub role: Role,
    /// The other site of the shift.
    pub with: SiteRef,
}

/// The shifts of `site` from the week in force on, at most `limit`.
pub async fn site_next_shifts(
    ctx: &Context,
    actor: &Actor,
    site: SiteId,
    limit: usize,
) -> ServiceResult<Vec<SiteShift>> {
    require_supporter(actor)?;
    ctx.store().site(site).await?;
    let handover = handover(ctx).await?;
    let from = handover.week_at(ctx.now()).start();
    let until = from + Days::new(7 * 106);
    let stored = ctx.store().rota_shifts(from, until).await?;
    let sites = ctx.store().sites().await?;
    let name = site_names(&sites);
    Ok(stored
        .iter()
        .map(|s| s.shift)
        .filter_map(|shift: Shift| {
            let role = shift.role_of(site)?;
            let other = match role {
                Role::Primary => shift.backup,
                Role::Backup => shift.primary,
            };
            Some(SiteShift {
                week_start: shift.week_start.start(),
                starts_at: handover.starts(shift.week_start),
                role,
                with: SiteRef {
                    id: other,
                    name: name(other),
                },
            })
        })
        .take(limit)
        .collect())
}

/// The rota's history, newest first, at most `limit` lines.
pub async fn rota_history(ctx: &Context, actor: &Actor, limit: i64) -> ServiceResult<Vec<RotaEntry>> {
    require_supporter(actor)?;
    Ok(ctx.store().rota_history(limit.clamp(1, 1000)).await?)
}
