//! A price variation of a placement: a new weekly cost from a date to its end. Its
//! new whole-life value routes it to the same level of authority as an award, and
//! the cost before the date stays as agreed.

use super::direct::decide;
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::user::CurrentUser;
use crate::calendar::uk_date;
use crate::error::{AppError, AppResult, FormErrors};
use crate::ids::PlacementId;
use crate::money::Money;
use crate::placements::repo::placements;
use crate::placements::value::{days_between, varied_value};
use crate::service::Ctx;
use crate::systems::details::{iso_date, long_date};
use serde_json::json;

pub async fn vary_price(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: PlacementId,
    new_weekly_price: &str,
    from: &str,
    cabinet_reference: &str,
) -> AppResult<()> {
    let mut e = FormErrors::new()
        .keep("new_weekly_price", new_weekly_price)
        .keep("varied_from", from)
        .keep("variation_cabinet_reference", cabinet_reference);
    let weekly = match Money::parse(new_weekly_price) {
        Ok(m) if m.pence() > 0 => Some(m),
        Ok(_) => {
            e.add(
                "new_weekly_price",
                "The new weekly cost must be more than zero",
            );
            None
        }
        Err(m) => {
            e.add("new_weekly_price", m.replace("7,200,000", "4,250.00"));
            None
        }
    };
    let from_date = iso_date(from)
        .map_err(|_| e.add("varied_from", "Enter the date the new cost starts"))
        .ok();
    let today = uk_date(ctx.now);
    let conn = ctx.work.tx().await?;
    let placement = placements::lock(&mut *conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if placement.council_id != me.organisation_id {
        return Err(AppError::NotFound);
    }
    let (Ok(start), Ok(end)) = (
        iso_date(&placement.start_date),
        iso_date(&placement.end_date),
    ) else {
        return Err(AppError::Internal);
    };
    let last_change = placement
        .price_from
        .as_deref()
        .and_then(|d| iso_date(d).ok());
    if let Some(d) = from_date {
        if d > end {
            e.add(
                "varied_from",
                "The new cost must start on or before the placement's end date",
            );
        } else if d < start.max(today) {
            e.add(
                "varied_from",
                "The new cost must start today or later, and not before the placement starts",
            );
        } else if let Some(last) = last_change.filter(|last| d < *last) {
            e.add(
                "varied_from",
                format!(
                    "The new cost must start on or after {}, when the current cost began",
                    long_date(last)
                ),
            );
        }
    }
    if weekly.is_some_and(|w| w.pence() == placement.weekly_price_pence) {
        e.add("new_weekly_price", "That is the weekly cost already agreed");
    }
    let (Some(weekly), Some(from_date), true) = (weekly, from_date, e.is_empty()) else {
        return Err(AppError::Invalid(e));
    };
    let days = days_between(from_date, end).map_err(|_| AppError::Internal)?;
    let old_weekly = Money(placement.weekly_price_pence);
    let value = varied_value(Money(placement.value_pence), old_weekly, weekly, days);
    let limits = super::limits::of(&mut *conn, me.organisation_id).await?;
    let reference = Some(cabinet_reference.trim()).filter(|r| !r.is_empty());
    // The routing names its own fields; on this form they are the variation's.
    decide(me, value, &limits, reference).map_err(|err| match err {
        AppError::Invalid(f) => {
            let (field, message) = match f.message_for("cabinet_reference") {
                Some(m) => ("variation_cabinet_reference", m.to_string()),
                None => (
                    "new_weekly_price",
                    f.message_for("weekly_price")
                        .unwrap_or_default()
                        .to_string(),
                ),
            };
            AppError::Invalid(e.clone().with(field, message))
        }
        other => other,
    })?;
    placements::vary_price(
        &mut *conn,
        id,
        weekly.pence(),
        &from_date.to_string(),
        value.pence(),
    )
    .await?;
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::PlacementVaried,
            Subject::Placement(id),
        )
        .before(json!({
            "weekly": placement.weekly_price_pence,
            "from": placement.price_from,
            "value": placement.value_pence,
        }))
        .after(json!({
            "weekly": weekly.pence(),
            "from": from_date.to_string(),
            "value": value.pence(),
            "cabinet_reference": reference,
        })),
    )
    .await
}
