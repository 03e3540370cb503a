//! Placements: the call-off contracts awards create, and those recorded directly.

use crate::ids::{LotId, OrganisationId, PlacementId, RequestId, SystemId, UserId};
use crate::money::Money;
use crate::placements::value::BlockTerms;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

pub struct NewPlacement<'a> {
    pub council: OrganisationId,
    pub request: Option<RequestId>,
    pub system: Option<SystemId>,
    pub lot: Option<LotId>,
    pub provider: OrganisationId,
    pub route: &'a str,
    pub justification: &'a str,
    pub weekly_price_pence: i64,
    pub start_date: String,
    pub end_date: String,
    pub value_pence: i64,
    pub status: &'a str,
    pub standstill_days: u32,
    pub contract_from: String,
    pub awarded_by: UserId,
    pub cabinet_reference: Option<&'a str>,
    pub awarded_at: i64,
    pub winning_total: Option<i64>,
    /// A block arrangement's hours and rates; `None` for a weekly price.
    pub block: Option<BlockTerms>,
}

pub async fn insert(conn: &mut AnyConnection, p: NewPlacement<'_>) -> sqlx::Result<PlacementId> {
    sqlx::query(
        "INSERT INTO placements (council_id, request_id, system_id, lot_id, organisation_id, route,
             justification, weekly_price_pence, start_date, end_date, value_pence, status,
             standstill_days, contract_from, awarded_by, cabinet_reference, awarded_at, winning_total,
             hourly_rate_pence, minutes_per_week, guaranteed_minutes, discount_bp)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
             $19, $20, $21, $22)
         RETURNING id",
    )
    .bind(p.council)
    .bind(p.request)
    .bind(p.system)
    .bind(p.lot)
    .bind(p.provider)
    .bind(p.route)
    .bind(p.justification)
    .bind(p.weekly_price_pence)
    .bind(p.start_date)
    .bind(p.end_date)
    .bind(p.value_pence)
    .bind(p.status)
    .bind(i64::from(p.standstill_days))
    .bind(p.contract_from)
    .bind(p.awarded_by)
    .bind(p.cabinet_reference)
    .bind(p.awarded_at)
    .bind(p.winning_total)
    .bind(p.block.map(|b| b.hourly_rate.pence()))
    .bind(p.block.map(|b| i64::from(b.minutes_per_week)))
    .bind(p.block.map(|b| i64::from(b.guaranteed_minutes)))
    .bind(p.block.map(|b| i64::from(b.discount_bp)))
    .fetch_one(conn)
    .await?
    .try_get("id")
}

#[derive(Debug, Clone)]
pub struct AwardRow {
    pub id: PlacementId,
    pub provider_id: OrganisationId,
    pub provider: String,
    pub value_pence: i64,
    pub standstill_days: i64,
    pub contract_from: String,
    pub winning_total: Option<i64>,
}

pub async fn for_request(
    conn: &mut AnyConnection,
    request: RequestId,
) -> sqlx::Result<Option<AwardRow>> {
    sqlx::query(
        "SELECT p.id, p.organisation_id, o.name, p.value_pence, p.standstill_days, p.contract_from,
                p.winning_total
         FROM placements p JOIN organisations o ON o.id = p.organisation_id
         WHERE p.request_id = $1",
    )
    .bind(request)
    .fetch_optional(conn)
    .await?
    .map(|r| {
        Ok(AwardRow {
            id: r.try_get("id")?,
            provider_id: r.try_get("organisation_id")?,
            provider: r.try_get("name")?,
            value_pence: r.try_get("value_pence")?,
            standstill_days: r.try_get("standstill_days")?,
            contract_from: r.try_get("contract_from")?,
            winning_total: r.try_get("winning_total")?,
        })
    })
    .transpose()
}

/// Filters of the council's placements list; empty means any.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub system: Option<SystemId>,
    pub lot: Option<LotId>,
    pub provider: Option<OrganisationId>,
    pub status: Option<String>,
    /// Ending on or before this ISO date.
    pub ends_by: Option<String>,
    /// How it was made: competition, direct, spot or user_choice.
    pub route: Option<String>,
}

impl Filter {
    /// The filter as a list's query string gives it: anything unknown means any.
    pub fn parse(
        system: &str,
        lot: &str,
        provider: &str,
        status: &str,
        ends_by: &str,
        route: &str,
    ) -> Filter {
        let known = |value: &str, names: &[&str]| {
            Some(value.to_string()).filter(|v| names.contains(&v.as_str()))
        };
        Filter {
            system: system.parse().ok(),
            lot: lot.parse().ok(),
            provider: provider.parse().ok(),
            status: known(status, &["standstill", "active", "ended"]),
            ends_by: crate::systems::details::iso_date(ends_by)
                .ok()
                .map(|d| d.to_string()),
            route: known(route, &["competition", "direct", "spot", "user_choice"]),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ListRow {
    pub id: PlacementId,
    pub request: Option<String>,
    pub system: Option<String>,
    pub lot: Option<String>,
    pub provider: String,
    pub route: String,
    pub weekly_price_pence: i64,
    pub start_date: String,
    pub end_date: String,
    pub value_pence: i64,
    pub status: String,
    pub contract_from: String,
    pub justification: String,
    pub cabinet_reference: Option<String>,
}

pub async fn for_council(
    conn: &mut AnyConnection,
    council: OrganisationId,
    filter: &Filter,
    limit: i64,
) -> sqlx::Result<Vec<ListRow>> {
    sqlx::query(
        "SELECT p.id, r.reference, s.title AS system, l.title AS lot, o.name AS provider, p.route,
                p.weekly_price_pence, p.start_date, p.end_date, p.value_pence, p.status, p.contract_from,
                p.justification, p.cabinet_reference
         FROM placements p
         JOIN organisations o ON o.id = p.organisation_id
         LEFT JOIN placement_requests r ON r.id = p.request_id
         LEFT JOIN systems s ON s.id = p.system_id
         LEFT JOIN lots l ON l.id = p.lot_id
         WHERE p.council_id = $1
           AND ($2 = 0 OR p.system_id = $2)
           AND ($3 = 0 OR p.lot_id = $3)
           AND ($4 = 0 OR p.organisation_id = $4)
           AND ($5 = '' OR p.status = $5)
           AND ($6 = '' OR p.end_date <= $6)
           AND ($7 = '' OR p.route = $7)
         ORDER BY p.end_date, p.id
         LIMIT $8",
    )
    .bind(council)
    .bind(filter.system.map_or(0, |s| s.get()))
    .bind(filter.lot.map_or(0, |l| l.get()))
    .bind(filter.provider.map_or(0, |o| o.get()))
    .bind(filter.status.clone().unwrap_or_default())
    .bind(filter.ends_by.clone().unwrap_or_default())
    .bind(filter.route.clone().unwrap_or_default())
    .bind(limit)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(ListRow {
            id: r.try_get("id")?,
            request: r.try_get("reference")?,
            system: r.try_get("system")?,
            lot: r.try_get("lot")?,
            provider: r.try_get("provider")?,
            route: r.try_get("route")?,
            weekly_price_pence: r.try_get("weekly_price_pence")?,
            start_date: r.try_get("start_date")?,
            end_date: r.try_get("end_date")?,
            value_pence: r.try_get("value_pence")?,
            status: r.try_get("status")?,
            contract_from: r.try_get("contract_from")?,
            justification: r.try_get("justification")?,
            cabinet_reference: r.try_get("cabinet_reference")?,
        })
    })
    .collect()
}

/// A placement's own row, locked until the transaction ends.
#[derive(Debug, Clone)]
pub struct PlacementRow {
    pub id: PlacementId,
    pub council_id: OrganisationId,
    pub council: String,
    pub organisation_id: OrganisationId,
    pub provider: String,
    pub request_id: Option<RequestId>,
    pub reference: Option<String>,
    pub route: String,
    pub justification: String,
    pub weekly_price_pence: i64,
    pub start_date: String,
    pub end_date: String,
    pub value_pence: i64,
    pub status: String,
    pub contract_from: String,
    pub cabinet_reference: Option<String>,
    /// When the current weekly cost began, if it was varied after award.
    pub price_from: Option<String>,
    pub block: Option<BlockTerms>,
}

const ROW: &str = "p.id, p.council_id, c.name AS council, p.organisation_id, o.name, p.request_id,
    r.reference, p.route, p.justification, p.weekly_price_pence, p.start_date, p.end_date,
    p.value_pence, p.status, p.contract_from, p.cabinet_reference, p.price_from,
    p.hourly_rate_pence, p.minutes_per_week, p.guaranteed_minutes, p.discount_bp
    FROM placements p JOIN organisations o ON o.id = p.organisation_id
    JOIN organisations c ON c.id = p.council_id
    LEFT JOIN placement_requests r ON r.id = p.request_id";

fn block_terms(r: &AnyRow) -> sqlx::Result<Option<BlockTerms>> {
    let minutes = |field: &str| -> sqlx::Result<Option<u32>> {
        Ok(r.try_get::<Option<i64>, _>(field)?
            .and_then(|m| u32::try_from(m).ok()))
    };
    let rate: Option<i64> = r.try_get("hourly_rate_pence")?;
    Ok(
        match (
            rate,
            minutes("minutes_per_week")?,
            minutes("guaranteed_minutes")?,
            minutes("discount_bp")?,
        ) {
            (Some(rate), Some(per_week), Some(guaranteed), Some(discount)) => Some(BlockTerms {
                hourly_rate: Money(rate),
                minutes_per_week: per_week,
                guaranteed_minutes: guaranteed,
                discount_bp: discount,
            }),
            _ => None,
        },
    )
}

fn placement_row(r: &AnyRow) -> sqlx::Result<PlacementRow> {
    Ok(PlacementRow {
        id: r.try_get("id")?,
        council_id: r.try_get("council_id")?,
        council: r.try_get("council")?,
        organisation_id: r.try_get("organisation_id")?,
        provider: r.try_get("name")?,
        request_id: r.try_get("request_id")?,
        reference: r.try_get("reference")?,
        route: r.try_get("route")?,
        justification: r.try_get("justification")?,
        weekly_price_pence: r.try_get("weekly_price_pence")?,
        start_date: r.try_get("start_date")?,
        end_date: r.try_get("end_date")?,
        value_pence: r.try_get("value_pence")?,
        status: r.try_get("status")?,
        contract_from: r.try_get("contract_from")?,
        cabinet_reference: r.try_get("cabinet_reference")?,
        price_from: r.try_get("price_from")?,
        block: block_terms(r)?,
    })
}

pub async fn find(conn: &mut AnyConnection, id: PlacementId) -> sqlx::Result<Option<PlacementRow>> {
    sqlx::query(&format!("SELECT {ROW} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(placement_row)
        .transpose()
}

/// A provider's placements, those running or about to first, then by end date.
pub async fn for_provider(
    conn: &mut AnyConnection,
    provider: OrganisationId,
    limit: i64,
) -> sqlx::Result<Vec<PlacementRow>> {
    sqlx::query(&format!(
        "SELECT {ROW} WHERE p.organisation_id = $1
         ORDER BY CASE WHEN p.status = 'ended' THEN 1 ELSE 0 END, p.end_date, p.id
         LIMIT $2"
    ))
    .bind(provider)
    .bind(limit)
    .fetch_all(conn)
    .await?
    .iter()
    .map(placement_row)
    .collect()
}

pub async fn lock(conn: &mut AnyConnection, id: PlacementId) -> sqlx::Result<Option<PlacementRow>> {
    sqlx::query("UPDATE placements SET value_pence = value_pence WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    find(conn, id).await
}

/// A later end date, the value it gives, and the status it leaves the placement in
/// (an ended placement extended past today runs again).
pub async fn extend(
    conn: &mut AnyConnection,
    id: PlacementId,
    end: &str,
    value_pence: i64,
    status: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE placements SET end_date = $1, value_pence = $2, status = $3 WHERE id = $4")
        .bind(end)
        .bind(value_pence)
        .bind(status)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A new weekly cost from a date, and the whole-life value it gives.
pub async fn vary_price(
    conn: &mut AnyConnection,
    id: PlacementId,
    weekly_price_pence: i64,
    from: &str,
    value_pence: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE placements SET weekly_price_pence = $1, price_from = $2, value_pence = $3
         WHERE id = $4",
    )
    .bind(weekly_price_pence)
    .bind(from)
    .bind(value_pence)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A placement whose stored status may no longer hold on `today` (ISO): a standstill
/// that is over, a placement past its last day, or an ended one extended since.
#[derive(Debug, Clone)]
pub struct StatusDue {
    pub id: PlacementId,
    pub council_id: OrganisationId,
    pub organisation_id: OrganisationId,
    pub request_id: Option<RequestId>,
    pub reference: Option<String>,
    pub status: String,
    pub contract_from: String,
    pub end_date: String,
}

pub async fn status_due(conn: &mut AnyConnection, today: &str) -> sqlx::Result<Vec<StatusDue>> {
    sqlx::query(
        "SELECT p.id, p.council_id, p.organisation_id, p.request_id, r.reference, p.status,
                p.contract_from, p.end_date
         FROM placements p LEFT JOIN placement_requests r ON r.id = p.request_id
         WHERE (p.status = 'standstill' AND p.contract_from <= $1)
            OR (p.status IN ('standstill', 'active') AND p.end_date < $1)
            OR (p.status = 'ended' AND p.end_date >= $1)
         ORDER BY p.id",
    )
    .bind(today)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(StatusDue {
            id: r.try_get("id")?,
            council_id: r.try_get("council_id")?,
            organisation_id: r.try_get("organisation_id")?,
            request_id: r.try_get("request_id")?,
            reference: r.try_get("reference")?,
            status: r.try_get("status")?,
            contract_from: r.try_get("contract_from")?,
            end_date: r.try_get("end_date")?,
        })
    })
    .collect()
}

/// Moves a placement from one status to another; false when it no longer had the
/// first (another server's sweep moved it), so only one of them acts on the change.
pub async fn move_status(
    conn: &mut AnyConnection,
    id: PlacementId,
    from: &str,
    to: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE placements SET status = $1 WHERE id = $2 AND status = $3")
        .bind(to)
        .bind(id)
        .bind(from)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
