//! A provider's placements: the contracts it was awarded or that were recorded with
//! it, and for a block arrangement the hours it delivered. Another provider's
//! placement is "not found".

use super::block_hours::hours_of;
use crate::auth::roles::Permission;
use crate::auth::user::CurrentUser;
use crate::calendar::uk_date;
use crate::error::{AppError, AppResult};
use crate::ids::PlacementId;
use crate::money::Money;
use crate::placements::lifecycle::{status_on, PlacementStatus};
use crate::placements::model::{ProviderPlacement, ProviderPlacementRow};
use crate::placements::repo::placements;
use crate::service::Ctx;
use crate::systems::details::{iso_date, long_date_of};
use time::Date;

/// The most a provider's list shows; older ended placements drop off its end.
const LIST_LIMIT: i64 = 200;

/// The status a placement has today, in words, from its stored status and dates.
pub fn placement_status_text(
    status: &str,
    contract_from: &str,
    end_date: &str,
    today: Date,
) -> &'static str {
    match (
        PlacementStatus::parse(status),
        iso_date(contract_from),
        iso_date(end_date),
    ) {
        (Some(stored), Ok(from), Ok(end)) => status_on(stored, from, end, today).label(),
        _ => "Unknown",
    }
}

pub async fn list(ctx: &mut Ctx, me: &CurrentUser) -> AppResult<Vec<ProviderPlacementRow>> {
    let today = uk_date(ctx.now);
    let mut conn = ctx.work.read().await?;
    Ok(
        placements::for_provider(&mut conn, me.organisation_id, LIST_LIMIT)
            .await?
            .into_iter()
            .map(|p| ProviderPlacementRow {
                id: p.id,
                status: placement_status_text(&p.status, &p.contract_from, &p.end_date, today)
                    .into(),
                council: p.council,
                reference: p.reference,
                weekly_price: Money(p.weekly_price_pence).to_string(),
                start_date: long_date_of(&p.start_date),
                end_date: long_date_of(&p.end_date),
                block: p.block.is_some(),
            })
            .collect(),
    )
}

pub async fn one(ctx: &mut Ctx, me: &CurrentUser, id: PlacementId) -> AppResult<ProviderPlacement> {
    let today = uk_date(ctx.now);
    let mut conn = ctx.work.read().await?;
    let p = placements::find(&mut conn, id)
        .await?
        .filter(|p| p.organisation_id == me.organisation_id)
        .ok_or(AppError::NotFound)?;
    let hours = hours_of(&mut conn, &p, today, me.can(Permission::AnswerRequests)).await?;
    Ok(ProviderPlacement {
        id: p.id,
        status: placement_status_text(&p.status, &p.contract_from, &p.end_date, today).into(),
        council: p.council,
        reference: p.reference,
        request_id: p.request_id,
        weekly_price: Money(p.weekly_price_pence).to_string(),
        price_from: p
            .price_from
            .as_deref()
            .map(long_date_of)
            .unwrap_or_default(),
        start_date: long_date_of(&p.start_date),
        end_date: long_date_of(&p.end_date),
        value: Money(p.value_pence).to_string(),
        contract_from: long_date_of(&p.contract_from),
        hours,
    })
}
