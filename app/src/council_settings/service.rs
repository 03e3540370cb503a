//! Reading and changing a council's clock settings. Every deadline the council works to
//! is counted with these, so a change is checked in full before it is kept, and audited.

use super::model::CouncilCalendar;
use super::repo;
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::roles::Permission;
use crate::auth::user::CurrentUser;
use crate::calendar::{Holidays, DEFAULT_DYNAMIC_MARKET_DAYS, ENGLAND_AND_WALES_CSV};
use crate::error::{AppError, AppResult, FormErrors};
use crate::ids::OrganisationId;
use crate::service::Ctx;
use crate::systems::details::{iso_date, long_date};
use serde_json::json;
use sqlx::AnyConnection;

/// The longest "reasonable period" a council may set: beyond a quarter of a year an
/// applicant is left waiting unreasonably.
pub const MAX_DECISION_DAYS: u32 = 60;

/// The council's calendar and decision period, for counting its deadlines.
pub async fn clock_settings(
    conn: &mut AnyConnection,
    council: OrganisationId,
) -> AppResult<(Holidays, u32)> {
    Ok(match repo::find(conn, council).await? {
        Some((csv, days)) => (
            Holidays::parse_csv(&csv).map_err(|_| AppError::Internal)?,
            u32::try_from(days).unwrap_or(DEFAULT_DYNAMIC_MARKET_DAYS),
        ),
        None => (Holidays::england_and_wales(), DEFAULT_DYNAMIC_MARKET_DAYS),
    })
}

/// The rows of a `date,title` CSV already known to parse, for the table.
fn rows(csv: &str) -> Vec<(String, String)> {
    let text = csv.strip_prefix('\u{feff}').unwrap_or(csv);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows: Vec<(String, String)> = reader
        .records()
        .filter_map(Result::ok)
        .filter(|r| r.len() == 2)
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect();
    rows.sort();
    rows.into_iter()
        .map(|(date, title)| (iso_date(&date).map(long_date).unwrap_or(date), title))
        .collect()
}

pub async fn calendar(ctx: &mut Ctx, me: &CurrentUser) -> AppResult<CouncilCalendar> {
    let mut conn = ctx.work.read().await?;
    let stored = repo::find(&mut conn, me.organisation_id).await?;
    let (csv, days, is_default) = match stored {
        Some((csv, days)) => (
            csv,
            u32::try_from(days).unwrap_or(DEFAULT_DYNAMIC_MARKET_DAYS),
            false,
        ),
        None => (
            ENGLAND_AND_WALES_CSV.to_string(),
            DEFAULT_DYNAMIC_MARKET_DAYS,
            true,
        ),
    };
    Ok(CouncilCalendar {
        days: rows(&csv),
        csv,
        decision_days: days,
        is_default,
        can_edit: me.can(Permission::ManageCouncilSettings),
    })
}

pub async fn save(ctx: &mut Ctx, me: &CurrentUser, csv: &str, days: &str) -> AppResult<()> {
    let mut errors = FormErrors::new()
        .keep("holidays", csv)
        .keep("decision_days", days);
    let calendar = Holidays::parse_csv(csv).map_err(|e| e.to_string());
    if let Err(message) = &calendar {
        errors.add("holidays", message.clone());
    }
    let period = days
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|d| (1..=MAX_DECISION_DAYS).contains(d));
    if period.is_none() {
        errors.add(
            "decision_days",
            format!("Enter a whole number of working days from 1 to {MAX_DECISION_DAYS}"),
        );
    }
    let (Ok(calendar), Some(period)) = (calendar, period) else {
        return Err(AppError::Invalid(errors));
    };
    let now = ctx.now;
    repo::save(
        ctx.work.tx().await?,
        me.organisation_id,
        csv.trim(),
        period,
        now,
    )
    .await?;
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::CouncilSettingsChanged,
            Subject::Organisation(me.organisation_id),
        )
        .after(json!({ "bank_holidays": calendar.len(), "decision_days": period })),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_the_csv_in_date_order_with_dates_in_words() {
        let rows =
            rows("date,title\n2026-12-28,Boxing Day (substitute day)\n2026-12-25,Christmas Day\n");
        assert_eq!(
            rows[0],
            ("25 December 2026".to_string(), "Christmas Day".to_string())
        );
        assert_eq!(rows.len(), 2);
    }
}
