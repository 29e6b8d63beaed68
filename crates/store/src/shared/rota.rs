//! The rota: its shifts, swap proposals and history (written inside a
//! change's transaction), and the sites' blackouts, shift contacts and
//! calendar feeds (single-purpose writes).

use chrono::{DateTime, NaiveDate, Utc};

use guichet_domain::actor::Author;
use guichet_domain::ids::{ChangeId, FeedId, SiteId, SwapId, UserId};
use guichet_domain::rota::{Shift, SwapProposal, SwapState, Week};

use super::{Db, SqlStore};
use crate::{
    FeedOwner, NewSwap, RotaEntry, RotaWrites, ShiftContact, ShiftWrite, Stamp, StoreError, StoreResult, StoredFeed,
    StoredShift, StoredSwap, SwapDecision,
};

type Tx<'a> = sqlx::Transaction<'a, Db>;

#[derive(sqlx::FromRow)]
struct ShiftRow {
    week_start: NaiveDate,
    primary_site_id: i64,
    backup_site_id: i64,
    kept: bool,
    updated_at: Stamp,
}

impl From<ShiftRow> for StoredShift {
    fn from(row: ShiftRow) -> Self {
        StoredShift {
            shift: Shift {
                week_start: Week(row.week_start),
                primary: SiteId(row.primary_site_id),
                backup: SiteId(row.backup_site_id),
            },
            kept: row.kept,
            updated_at: row.updated_at.0,
        }
    }
}

pub async fn rota_shifts(db: &SqlStore, from: NaiveDate, until: NaiveDate) -> StoreResult<Vec<StoredShift>> {
    let rows: Vec<ShiftRow> = sqlx::query_as(
        "SELECT week_start, primary_site_id, backup_site_id, kept, updated_at FROM rota_shifts \
         WHERE week_start >= $1 AND week_start < $2 ORDER BY week_start",
    )
    .bind(from)
    .bind(until)
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(StoredShift::from).collect())
}

const SWAP_COLUMNS: &str = "id, proposal, state, note, proposed_by, proposed_reason, proposed_at, \
                            decided_by, decided_reason, decided_at";

#[derive(sqlx::FromRow)]
struct SwapRow {
    id: i64,
    proposal: String,
    state: String,
    note: Option<String>,
    proposed_by: Option<i64>,
    proposed_reason: Option<String>,
    proposed_at: Stamp,
    decided_by: Option<i64>,
    decided_reason: Option<String>,
    decided_at: Option<Stamp>,
}

fn author(user: Option<i64>, reason: Option<String>) -> Author {
    Author {
        user: user.map(UserId),
        reason,
    }
}

impl SwapRow {
    fn into_swap(self) -> StoreResult<StoredSwap> {
        let proposal: SwapProposal =
            serde_json::from_str(&self.proposal).map_err(|e| StoreError::Corrupt(format!("swap {}: {e}", self.id)))?;
        let state = SwapState::parse(&self.state).map_err(|e| StoreError::Corrupt(format!("swap {}: {e}", self.id)))?;
        let decided = self.decided_at.is_some();
        Ok(StoredSwap {
            id: SwapId(self.id),
            proposal,
            state,
            note: self.note,
            proposed_by: author(self.proposed_by, self.proposed_reason),
            proposed_at: self.proposed_at.0,
            decided_by: decided.then(|| author(self.decided_by, self.decided_reason)),
            decided_at: self.decided_at.map(|at| at.0),
        })
    }
}

pub async fn swaps(db: &SqlStore, open_only: bool) -> StoreResult<Vec<StoredSwap>> {
    let filter = if open_only { "WHERE state = 'proposed'" } else { "" };
    let rows: Vec<SwapRow> = sqlx::query_as(&format!(
        "SELECT {SWAP_COLUMNS} FROM rota_swaps {filter} ORDER BY id DESC"
    ))
    .fetch_all(&db.read)
    .await?;
    rows.into_iter().map(SwapRow::into_swap).collect()
}

pub async fn swap(db: &SqlStore, id: SwapId) -> StoreResult<StoredSwap> {
    let row: Option<SwapRow> = sqlx::query_as(&format!("SELECT {SWAP_COLUMNS} FROM rota_swaps WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&db.read)
        .await?;
    row.ok_or(StoreError::NotFound("swap"))?.into_swap()
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    author_id: Option<i64>,
    author_reason: Option<String>,
    at: Stamp,
    action: String,
    week_start: Option<NaiveDate>,
    detail: String,
}

pub async fn rota_history(db: &SqlStore, limit: i64) -> StoreResult<Vec<RotaEntry>> {
    let rows: Vec<EntryRow> = sqlx::query_as(
        "SELECT author_id, author_reason, at, action, week_start, detail FROM rota_history \
         ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.read)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| RotaEntry {
            author: author(row.author_id, row.author_reason),
            at: row.at.0,
            action: row.action,
            week: row.week_start.map(Week),
            detail: row.detail,
        })
        .collect())
}

/// Writes a change's rota rows: its shifts (stale if one changed since it
/// was read), its decisions (stale unless still open), its new proposals
/// and its history lines. Returns the new proposals' ids.
pub async fn write_rota(
    tx: &mut Tx<'_>,
    change: ChangeId,
    at: DateTime<Utc>,
    rota: &RotaWrites,
) -> StoreResult<Vec<SwapId>> {
    for write in &rota.shifts {
        write_shift(tx, write, at).await?;
    }
    for decision in &rota.swaps_decided {
        decide_swap(tx, decision, at).await?;
    }
    let mut added = Vec::with_capacity(rota.swaps_added.len());
    for swap in &rota.swaps_added {
        added.push(insert_swap(tx, swap, at).await?);
    }
    for entry in &rota.history {
        sqlx::query(
            "INSERT INTO rota_history (change_id, author_id, author_reason, at, action, week_start, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(change.0)
        .bind(entry.author.user.map(|u| u.0))
        .bind(entry.author.reason.as_deref())
        .bind(Stamp(at))
        .bind(&entry.action)
        .bind(entry.week.map(Week::start))
        .bind(&entry.detail)
        .execute(&mut **tx)
        .await?;
    }
    Ok(added)
}

fn stale_shift(week: Week) -> StoreError {
    StoreError::Stale(format!(
        "the shift of {week} was changed by someone else meanwhile; reload the rota and try again"
    ))
}

async fn write_shift(tx: &mut Tx<'_>, write: &ShiftWrite, at: DateTime<Utc>) -> StoreResult<()> {
    let after = write.after;
    let written = match write.before {
        None => {
            sqlx::query(
                "INSERT INTO rota_shifts (week_start, primary_site_id, backup_site_id, kept, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (week_start) DO NOTHING",
            )
            .bind(after.week_start.start())
            .bind(after.primary.0)
            .bind(after.backup.0)
            .bind(write.kept)
            .bind(Stamp(at))
            .execute(&mut **tx)
            .await?
        }
        Some(before) => {
            sqlx::query(
                "UPDATE rota_shifts SET primary_site_id = $2, backup_site_id = $3, kept = $4, updated_at = $5 \
             WHERE week_start = $1 AND primary_site_id = $6 AND backup_site_id = $7",
            )
            .bind(after.week_start.start())
            .bind(after.primary.0)
            .bind(after.backup.0)
            .bind(write.kept)
            .bind(Stamp(at))
            .bind(before.primary.0)
            .bind(before.backup.0)
            .execute(&mut **tx)
            .await?
        }
    };
    if written.rows_affected() == 1 {
        Ok(())
    } else {
        Err(stale_shift(after.week_start))
    }
}

async fn decide_swap(tx: &mut Tx<'_>, decision: &SwapDecision, at: DateTime<Utc>) -> StoreResult<()> {
    let decided = sqlx::query(
        "UPDATE rota_swaps SET state = $2, decided_by = $3, decided_reason = $4, decided_at = $5 \
         WHERE id = $1 AND state = 'proposed'",
    )
    .bind(decision.swap.0)
    .bind(decision.state.as_str())
    .bind(decision.by.user.map(|u| u.0))
    .bind(decision.by.reason.as_deref())
    .bind(Stamp(at))
    .execute(&mut **tx)
    .await?;
    if decided.rows_affected() == 1 {
        Ok(())
    } else {
        Err(StoreError::Stale(format!(
            "swap {} was decided by someone else meanwhile",
            decision.swap
        )))
    }
}

async fn insert_swap(tx: &mut Tx<'_>, swap: &NewSwap, at: DateTime<Utc>) -> StoreResult<SwapId> {
    let proposal = serde_json::to_string(&swap.proposal).map_err(|e| StoreError::Malformed(e.to_string()))?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO rota_swaps (proposal, first_week, state, note, proposed_by, proposed_reason, proposed_at) \
         VALUES ($1, $2, 'proposed', $3, $4, $5, $6) RETURNING id",
    )
    .bind(proposal)
    .bind(swap.proposal.first_week().start())
    .bind(swap.note.as_deref())
    .bind(swap.proposed_by.user.map(|u| u.0))
    .bind(swap.proposed_by.reason.as_deref())
    .bind(Stamp(at))
    .fetch_one(&mut **tx)
    .await?;
    Ok(SwapId(id))
}

pub async fn blackouts(db: &SqlStore, site: Option<SiteId>) -> StoreResult<Vec<(SiteId, NaiveDate)>> {
    let rows: Vec<(i64, NaiveDate)> = sqlx::query_as(
        "SELECT site_id, day FROM site_blackouts WHERE $1 IS NULL OR site_id = $1 ORDER BY site_id, day",
    )
    .bind(site.map(|s| s.0))
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(|(site, day)| (SiteId(site), day)).collect())
}

/// `NotFound("site")` unless `site` exists, inside `tx`.
async fn site_exists(tx: &mut Tx<'_>, site: SiteId) -> StoreResult<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM sites WHERE id = $1")
        .bind(site.0)
        .fetch_optional(&mut **tx)
        .await?;
    found.map(|_| ()).ok_or(StoreError::NotFound("site"))
}

pub async fn set_blackouts(db: &SqlStore, site: SiteId, dates: &[NaiveDate]) -> StoreResult<()> {
    let mut tx = db.write.begin().await?;
    site_exists(&mut tx, site).await?;
    sqlx::query("DELETE FROM site_blackouts WHERE site_id = $1")
        .bind(site.0)
        .execute(&mut *tx)
        .await?;
    for day in dates {
        sqlx::query("INSERT INTO site_blackouts (site_id, day) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(site.0)
            .bind(day)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn shift_contacts(db: &SqlStore, site: Option<SiteId>) -> StoreResult<Vec<ShiftContact>> {
    let rows: Vec<(i64, i64, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT site_id, user_id, away_until FROM shift_contacts WHERE $1 IS NULL OR site_id = $1 \
         ORDER BY site_id, user_id",
    )
    .bind(site.map(|s| s.0))
    .fetch_all(&db.read)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(site, user, away_until)| ShiftContact {
            site: SiteId(site),
            user: UserId(user),
            away_until,
        })
        .collect())
}

pub async fn set_shift_contacts(db: &SqlStore, site: SiteId, contacts: &[ShiftContact]) -> StoreResult<()> {
    let mut tx = db.write.begin().await?;
    site_exists(&mut tx, site).await?;
    sqlx::query("DELETE FROM shift_contacts WHERE site_id = $1")
        .bind(site.0)
        .execute(&mut *tx)
        .await?;
    for contact in contacts {
        sqlx::query(
            "INSERT INTO shift_contacts (site_id, user_id, away_until) VALUES ($1, $2, $3) \
             ON CONFLICT (site_id, user_id) DO UPDATE SET away_until = excluded.away_until",
        )
        .bind(site.0)
        .bind(contact.user.0)
        .bind(contact.away_until)
        .execute(&mut *tx)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::NotFound("user"),
            other => other,
        })?;
    }
    tx.commit().await?;
    Ok(())
}

const FEED_COLUMNS: &str = "id, site_id, user_id, created_by, created_at, revoked_at";

#[derive(sqlx::FromRow)]
struct FeedRow {
    id: i64,
    site_id: Option<i64>,
    user_id: Option<i64>,
    created_by: i64,
    created_at: Stamp,
    revoked_at: Option<Stamp>,
}

impl FeedRow {
    fn into_feed(self) -> StoreResult<StoredFeed> {
        let owner = match (self.site_id, self.user_id) {
            (Some(site), None) => FeedOwner::Site(SiteId(site)),
            (None, Some(user)) => FeedOwner::Person(UserId(user)),
            _ => return Err(StoreError::Corrupt(format!("feed {} has no single owner", self.id))),
        };
        Ok(StoredFeed {
            id: FeedId(self.id),
            owner,
            created_by: UserId(self.created_by),
            created_at: self.created_at.0,
            revoked_at: self.revoked_at.map(|at| at.0),
        })
    }
}

fn owner_ids(owner: FeedOwner) -> (Option<i64>, Option<i64>) {
    match owner {
        FeedOwner::Site(site) => (Some(site.0), None),
        FeedOwner::Person(user) => (None, Some(user.0)),
    }
}

pub async fn create_feed(
    db: &SqlStore,
    secret_hash: &str,
    owner: FeedOwner,
    created_by: UserId,
    at: DateTime<Utc>,
) -> StoreResult<StoredFeed> {
    let (site, user) = owner_ids(owner);
    let row: FeedRow = sqlx::query_as(&format!(
        "INSERT INTO rota_feeds (secret_hash, site_id, user_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING {FEED_COLUMNS}"
    ))
    .bind(secret_hash)
    .bind(site)
    .bind(user)
    .bind(created_by.0)
    .bind(Stamp(at))
    .fetch_one(&db.write)
    .await
    .map_err(|e| match StoreError::from(e) {
        StoreError::Conflict(m) if m.contains("refers") => StoreError::NotFound("feed owner"),
        other => other,
    })?;
    row.into_feed()
}

pub async fn feed_by_secret(db: &SqlStore, secret_hash: &str) -> StoreResult<Option<StoredFeed>> {
    let row: Option<FeedRow> = sqlx::query_as(&format!("SELECT {FEED_COLUMNS} FROM rota_feeds WHERE secret_hash = $1"))
        .bind(secret_hash)
        .fetch_optional(&db.read)
        .await?;
    row.map(FeedRow::into_feed).transpose()
}

pub async fn feeds(db: &SqlStore, owner: FeedOwner) -> StoreResult<Vec<StoredFeed>> {
    let (site, user) = owner_ids(owner);
    let rows: Vec<FeedRow> = sqlx::query_as(&format!(
        "SELECT {FEED_COLUMNS} FROM rota_feeds WHERE site_id = $1 OR user_id = $2 ORDER BY id DESC"
    ))
    .bind(site)
    .bind(user)
    .fetch_all(&db.read)
    .await?;
    rows.into_iter().map(FeedRow::into_feed).collect()
}

pub async fn revoke_feed(db: &SqlStore, id: FeedId, at: DateTime<Utc>) -> StoreResult<bool> {
    let revoked = sqlx::query("UPDATE rota_feeds SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
        .bind(id.0)
        .bind(Stamp(at))
        .execute(&db.write)
        .await?;
    Ok(revoked.rows_affected() == 1)
}
