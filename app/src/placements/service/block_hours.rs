//! The hours of a block arrangement: the provider records each week's hours once the
//! week is over (a correction replaces the week, the audit log keeps both), and the
//! provider and the council see them against the hours guaranteed.

use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::user::CurrentUser;
use crate::calendar::uk_date;
use crate::error::{AppError, AppResult, FormErrors};
use crate::ids::PlacementId;
use crate::placements::block_hours::{check_week, recordable_weeks, totals, week_charge};
use crate::placements::model::{BlockHours, HoursWeek};
use crate::placements::repo::delivered_hours;
use crate::placements::repo::placements::{self, PlacementRow};
use crate::placements::value::{minutes_as_hours, parse_hours, BlockTerms};
use crate::service::Ctx;
use crate::systems::details::{iso_date, long_date};
use serde_json::json;
use sqlx::AnyConnection;
use time::Date;

fn hours_text(minutes: u64) -> String {
    let text = minutes_as_hours(minutes as i64);
    if text == "1" {
        "1 hour".into()
    } else {
        format!("{text} hours")
    }
}

fn week_label(monday: Date) -> String {
    format!("Week beginning {}", long_date(monday))
}

pub fn terms_text(terms: &BlockTerms) -> String {
    let guarantee = match (terms.guaranteed_minutes, terms.discount_bp) {
        (0, _) => "none of them guaranteed".to_string(),
        (g, 0) => format!("{} of them guaranteed", minutes_as_hours(i64::from(g))),
        (g, d) => format!(
            "{} of them guaranteed at {}.{:02}% off",
            minutes_as_hours(i64::from(g)),
            d / 100,
            d % 100
        ),
    };
    format!(
        "{} a week at {} an hour; {guarantee}",
        hours_text(u64::from(terms.minutes_per_week)),
        terms.hourly_rate
    )
}

/// The placement's hours, week by week since it started, for a page; `None` unless
/// it is a block arrangement.
pub async fn hours_of(
    conn: &mut AnyConnection,
    placement: &PlacementRow,
    today: Date,
    can_record: bool,
) -> AppResult<Option<BlockHours>> {
    let Some(terms) = placement.block else {
        return Ok(None);
    };
    let (Ok(start), Ok(end)) = (
        iso_date(&placement.start_date),
        iso_date(&placement.end_date),
    ) else {
        return Err(AppError::Internal);
    };
    let recorded = delivered_hours::for_placement(conn, placement.id).await?;
    let minutes_of = |week: Date| {
        recorded
            .iter()
            .find(|(w, _)| *w == week.to_string())
            .and_then(|(_, m)| u32::try_from(*m).ok())
    };
    let over = recordable_weeks(start, end, today);
    let weeks = over
        .iter()
        .map(|week| match minutes_of(*week) {
            Some(minutes) => {
                let charge = week_charge(&terms, minutes);
                let note = match (charge.unused_minutes, charge.over_plan_minutes) {
                    (0, 0) => String::new(),
                    (unused, 0) => format!("{} guaranteed not used", hours_text(u64::from(unused))),
                    (_, over) => format!("{} beyond the plan", hours_text(u64::from(over))),
                };
                HoursWeek {
                    week: week_label(*week),
                    delivered: Some(hours_text(u64::from(minutes))),
                    charge: Some(charge.charge.to_string()),
                    note,
                }
            }
            None => HoursWeek {
                week: week_label(*week),
                delivered: None,
                charge: None,
                note: "Not recorded yet".into(),
            },
        })
        .collect();
    let sum = totals(&terms, over.iter().filter_map(|week| minutes_of(*week)));
    Ok(Some(BlockHours {
        terms: terms_text(&terms),
        weeks,
        delivered: hours_text(sum.delivered_minutes),
        guaranteed: hours_text(sum.guaranteed_minutes),
        unused: hours_text(sum.unused_minutes),
        charge: sum.charge.to_string(),
        recordable: over
            .iter()
            .map(|w| (w.to_string(), week_label(*w)))
            .collect(),
        can_record,
    }))
}

/// The provider records the hours it delivered in one week of its block arrangement.
pub async fn record(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: PlacementId,
    week: &str,
    hours: &str,
) -> AppResult<()> {
    let mut errors = FormErrors::new().keep("week", week).keep("hours", hours);
    let minutes = parse_hours(hours).map_err(|m| errors.add("hours", m)).ok();
    let monday = iso_date(week)
        .map_err(|_| errors.add("week", "Choose the week"))
        .ok();
    let today = uk_date(ctx.now);
    let now = ctx.now;
    let conn = ctx.work.tx().await?;
    // Locked: two colleagues recording one week at once queue, and each audit row
    // records what the other left.
    let placement = placements::lock(&mut *conn, id)
        .await?
        .filter(|p| p.organisation_id == me.organisation_id)
        .ok_or(AppError::NotFound)?;
    if placement.block.is_none() {
        return Err(AppError::invalid(
            "hours",
            "Hours are recorded only for block arrangements",
        ));
    }
    let (Ok(start), Ok(end)) = (
        iso_date(&placement.start_date),
        iso_date(&placement.end_date),
    ) else {
        return Err(AppError::Internal);
    };
    if let Some(Err(message)) = monday.map(|m| check_week(m, start, end, today)) {
        errors.add("week", message);
    }
    let (Some(minutes), Some(monday), true) = (minutes, monday, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let before = delivered_hours::record(
        &mut *conn,
        id,
        &monday.to_string(),
        i64::from(minutes),
        me.user_id,
        now,
    )
    .await?;
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::HoursDelivered,
            Subject::Placement(id),
        )
        .in_organisation(placement.council_id)
        .before(json!({ "week": monday.to_string(), "minutes": before }))
        .after(json!({ "week": monday.to_string(), "minutes": minutes })),
    )
    .await
}
