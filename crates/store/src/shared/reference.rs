//! Support units, sites, VOs, types of issue and routing rules.

use std::collections::HashMap;

use guichet_domain::ids::{IssueTypeId, RoutingRuleId, SiteId, UnitId, UserId, VoId};
use guichet_domain::reference::{IssueType, QosLevel, Site, Unit, UnitKind, Vo, site_unit_name};
use guichet_domain::routing::RoutingRule;

use super::rows::{NamedRow, RuleRow, SiteRow, UnitRow};
use super::{Db, SqlStore};
use crate::{SiteInput, StoreError, StoreResult, UnitInput};

const UNIT_COLUMNS: &str = "id, name, kind, qos_level, email";

async fn members_of(db: &SqlStore, unit: Option<UnitId>) -> StoreResult<HashMap<i64, Vec<UserId>>> {
    let rows: Vec<(i64, i64)> = match unit {
        Some(id) => {
            sqlx::query_as("SELECT unit_id, user_id FROM unit_members WHERE unit_id = $1 ORDER BY user_id")
                .bind(id.0)
                .fetch_all(&db.read)
                .await?
        }
        None => {
            sqlx::query_as("SELECT unit_id, user_id FROM unit_members ORDER BY user_id")
                .fetch_all(&db.read)
                .await?
        }
    };
    let mut members: HashMap<i64, Vec<UserId>> = HashMap::new();
    for (unit, user) in rows {
        members.entry(unit).or_default().push(UserId(user));
    }
    Ok(members)
}

async fn replace_members(tx: &mut sqlx::Transaction<'_, Db>, unit: i64, members: &[UserId]) -> StoreResult<()> {
    sqlx::query("DELETE FROM unit_members WHERE unit_id = $1")
        .bind(unit)
        .execute(&mut **tx)
        .await?;
    for member in members {
        sqlx::query("INSERT INTO unit_members (unit_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(unit)
            .bind(member.0)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn insert_unit(tx: &mut sqlx::Transaction<'_, Db>, unit: &UnitInput) -> StoreResult<i64> {
    let id: i64 =
        sqlx::query_scalar("INSERT INTO units (name, kind, qos_level, email) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(&unit.name)
            .bind(unit.kind.as_str())
            .bind(unit.qos_level.as_str())
            .bind(&unit.email)
            .fetch_one(&mut **tx)
            .await?;
    replace_members(tx, id, &unit.members).await?;
    Ok(id)
}

pub async fn create_unit(db: &SqlStore, unit: UnitInput) -> StoreResult<Unit> {
    let mut tx = db.write.begin().await?;
    let id = insert_unit(&mut tx, &unit).await?;
    tx.commit().await?;
    self::unit(db, UnitId(id)).await
}

pub async fn unit(db: &SqlStore, id: UnitId) -> StoreResult<Unit> {
    let row: UnitRow = sqlx::query_as(&format!("SELECT {UNIT_COLUMNS} FROM units WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&db.read)
        .await?
        .ok_or(StoreError::NotFound("unit"))?;
    let mut members = members_of(db, Some(id)).await?;
    row.into_unit(members.remove(&id.0).unwrap_or_default())
}

pub async fn units(db: &SqlStore) -> StoreResult<Vec<Unit>> {
    let rows: Vec<UnitRow> = sqlx::query_as(&format!("SELECT {UNIT_COLUMNS} FROM units ORDER BY name"))
        .fetch_all(&db.read)
        .await?;
    let mut members = members_of(db, None).await?;
    rows.into_iter()
        .map(|row| {
            let unit_members = members.remove(&row.id).unwrap_or_default();
            row.into_unit(unit_members)
        })
        .collect()
}

pub async fn update_unit(db: &SqlStore, id: UnitId, unit: UnitInput) -> StoreResult<Unit> {
    let mut tx = db.write.begin().await?;
    let updated = sqlx::query("UPDATE units SET name = $1, kind = $2, qos_level = $3, email = $4 WHERE id = $5")
        .bind(&unit.name)
        .bind(unit.kind.as_str())
        .bind(unit.qos_level.as_str())
        .bind(&unit.email)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound("unit"));
    }
    replace_members(&mut tx, id.0, &unit.members).await?;
    tx.commit().await?;
    self::unit(db, id).await
}

pub async fn delete_unit(db: &SqlStore, id: UnitId) -> StoreResult<()> {
    delete_row(db, "DELETE FROM units WHERE id = $1", id.0, "unit").await
}

/// Deletes one row by id; a missing row is `NotFound`, a referenced one a `Conflict`.
async fn delete_row(db: &SqlStore, sql: &'static str, id: i64, what: &'static str) -> StoreResult<()> {
    let deleted = sqlx::query(sql)
        .bind(id)
        .execute(&db.write)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict(format!("this {what} is still in use")),
            other => other,
        })?;
    if deleted.rows_affected() == 0 {
        Err(StoreError::NotFound(what))
    } else {
        Ok(())
    }
}

const SITE_COLUMNS: &str = "id, name, ngi, unit_id";

pub async fn create_site(db: &SqlStore, site: SiteInput) -> StoreResult<Site> {
    let mut tx = db.write.begin().await?;
    let unit = UnitInput {
        name: site_unit_name(&site.name),
        kind: UnitKind::Site,
        qos_level: QosLevel::Base,
        email: None,
        members: vec![],
    };
    let unit_id = insert_unit(&mut tx, &unit).await?;
    let row: SiteRow = sqlx::query_as(&format!(
        "INSERT INTO sites (name, ngi, unit_id) VALUES ($1, $2, $3) RETURNING {SITE_COLUMNS}"
    ))
    .bind(&site.name)
    .bind(&site.ngi)
    .bind(unit_id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(row.into())
}

pub async fn site(db: &SqlStore, id: SiteId) -> StoreResult<Site> {
    sqlx::query_as::<_, SiteRow>(&format!("SELECT {SITE_COLUMNS} FROM sites WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&db.read)
        .await?
        .map(Site::from)
        .ok_or(StoreError::NotFound("site"))
}

pub async fn sites(db: &SqlStore) -> StoreResult<Vec<Site>> {
    let rows: Vec<SiteRow> = sqlx::query_as(&format!("SELECT {SITE_COLUMNS} FROM sites ORDER BY name"))
        .fetch_all(&db.read)
        .await?;
    Ok(rows.into_iter().map(Site::from).collect())
}

pub async fn update_site(db: &SqlStore, id: SiteId, site: SiteInput) -> StoreResult<Site> {
    let mut tx = db.write.begin().await?;
    let row: SiteRow = sqlx::query_as(&format!(
        "UPDATE sites SET name = $1, ngi = $2 WHERE id = $3 RETURNING {SITE_COLUMNS}"
    ))
    .bind(&site.name)
    .bind(&site.ngi)
    .bind(id.0)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(StoreError::NotFound("site"))?;
    let site = Site::from(row);
    sqlx::query("UPDATE units SET name = $1 WHERE id = $2")
        .bind(site_unit_name(&site.name))
        .bind(site.unit.0)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(site)
}

pub async fn delete_site(db: &SqlStore, id: SiteId) -> StoreResult<()> {
    let site = self::site(db, id).await?;
    let mut tx = db.write.begin().await?;
    let in_use = |e: sqlx::Error| match StoreError::from(e) {
        StoreError::Conflict(_) => StoreError::Conflict("this site is still in use".into()),
        other => other,
    };
    sqlx::query("DELETE FROM sites WHERE id = $1")
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .map_err(in_use)?;
    sqlx::query("DELETE FROM units WHERE id = $1")
        .bind(site.unit.0)
        .execute(&mut *tx)
        .await
        .map_err(in_use)?;
    tx.commit().await.map_err(in_use)?;
    Ok(())
}

/// VOs and types of issue share one shape: a unique name.
macro_rules! named_table {
    ($table:literal, $what:literal, $ty:ty, $id:ty, $create:ident, $get:ident, $list:ident, $update:ident, $delete:ident) => {
        pub async fn $create(db: &SqlStore, name: &str) -> StoreResult<$ty> {
            let row: NamedRow = sqlx::query_as(concat!(
                "INSERT INTO ",
                $table,
                " (name) VALUES ($1) RETURNING id, name"
            ))
            .bind(name)
            .fetch_one(&db.write)
            .await?;
            Ok(row.into())
        }

        pub async fn $get(db: &SqlStore, id: $id) -> StoreResult<$ty> {
            sqlx::query_as::<_, NamedRow>(concat!("SELECT id, name FROM ", $table, " WHERE id = $1"))
                .bind(id.0)
                .fetch_optional(&db.read)
                .await?
                .map(<$ty>::from)
                .ok_or(StoreError::NotFound($what))
        }

        pub async fn $list(db: &SqlStore) -> StoreResult<Vec<$ty>> {
            let rows: Vec<NamedRow> = sqlx::query_as(concat!("SELECT id, name FROM ", $table, " ORDER BY name"))
                .fetch_all(&db.read)
                .await?;
            Ok(rows.into_iter().map(<$ty>::from).collect())
        }

        pub async fn $update(db: &SqlStore, id: $id, name: &str) -> StoreResult<$ty> {
            sqlx::query_as::<_, NamedRow>(concat!(
                "UPDATE ",
                $table,
                " SET name = $1 WHERE id = $2 RETURNING id, name"
            ))
            .bind(name)
            .bind(id.0)
            .fetch_optional(&db.write)
            .await?
            .map(<$ty>::from)
            .ok_or(StoreError::NotFound($what))
        }

        pub async fn $delete(db: &SqlStore, id: $id) -> StoreResult<()> {
            delete_row(db, concat!("DELETE FROM ", $table, " WHERE id = $1"), id.0, $what).await
        }
    };
}

named_table!("vos", "VO", Vo, VoId, create_vo, vo, vos, update_vo, delete_vo);
named_table!(
    "issue_types",
    "type of issue",
    IssueType,
    IssueTypeId,
    create_issue_type,
    issue_type,
    issue_types,
    update_issue_type,
    delete_issue_type
);

pub async fn set_routing_rule(db: &SqlStore, issue_type: IssueTypeId, unit: UnitId) -> StoreResult<RoutingRule> {
    let row: RuleRow = sqlx::query_as(
        "INSERT INTO routing_rules (issue_type_id, unit_id) VALUES ($1, $2) \
         ON CONFLICT (issue_type_id) DO UPDATE SET unit_id = excluded.unit_id \
         RETURNING id, issue_type_id, unit_id",
    )
    .bind(issue_type.0)
    .bind(unit.0)
    .fetch_one(&db.write)
    .await?;
    Ok(row.into())
}

pub async fn routing_rules(db: &SqlStore) -> StoreResult<Vec<RoutingRule>> {
    let rows: Vec<RuleRow> = sqlx::query_as("SELECT id, issue_type_id, unit_id FROM routing_rules ORDER BY id")
        .fetch_all(&db.read)
        .await?;
    Ok(rows.into_iter().map(RoutingRule::from).collect())
}

pub async fn delete_routing_rule(db: &SqlStore, id: RoutingRuleId) -> StoreResult<()> {
    delete_row(db, "DELETE FROM routing_rules WHERE id = $1", id.0, "routing rule").await
}

pub async fn first_level_unit(db: &SqlStore) -> StoreResult<Option<UnitId>> {
    let id: Option<i64> = sqlx::query_scalar("SELECT MIN(id) FROM units WHERE kind = $1")
        .bind(UnitKind::FirstLevel.as_str())
        .fetch_one(&db.read)
        .await?;
    Ok(id.map(UnitId))
}
