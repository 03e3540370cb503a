//! The council's placements as CSV, for its own reports and spreadsheets: every
//! placement the list's filter matches, with how it was made and its justification,
//! so that direct awards, spot purchases and user-choice awards show beside the
//! competitions.

use super::provider_placements::placement_status_text;
use super::queries::route_label;
use crate::auth::roles::{OrgKind, Permission};
use crate::auth::user::CurrentUser;
use crate::calendar::uk_date;
use crate::compliance::service::queries::cell;
use crate::error::{AppError, AppResult};
use crate::money::Money;
use crate::placements::repo::placements::{self, Filter};
use crate::service::Ctx;

/// More than any council's placements list shows; a report is meant to be whole.
const REPORT_LIMIT: i64 = 100_000;

pub async fn placements_csv(ctx: &mut Ctx, me: &CurrentUser, filter: &Filter) -> AppResult<String> {
    if me.org_kind != OrgKind::Council || !me.can(Permission::ViewRequests) {
        return Err(AppError::Forbidden);
    }
    let today = uk_date(ctx.now);
    let mut conn = ctx.work.read().await?;
    let rows = placements::for_council(&mut conn, me.organisation_id, filter, REPORT_LIMIT).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut write = |row: [&str; 13]| {
        out.write_record(row.map(cell))
            .map_err(|_| AppError::Internal)
    };
    write([
        "request",
        "system",
        "lot",
        "provider",
        "how it was made",
        "justification",
        "weekly cost (GBP)",
        "start",
        "end",
        "whole-life value (GBP)",
        "status",
        "contract from",
        "cabinet decision reference",
    ])?;
    for p in &rows {
        write([
            p.request.as_deref().unwrap_or(""),
            p.system.as_deref().unwrap_or("Off-system"),
            p.lot.as_deref().unwrap_or(""),
            &p.provider,
            route_label(&p.route),
            &p.justification,
            &Money(p.weekly_price_pence).decimal(),
            &p.start_date,
            &p.end_date,
            &Money(p.value_pence).decimal(),
            placement_status_text(&p.status, &p.contract_from, &p.end_date, today),
            &p.contract_from,
            p.cabinet_reference.as_deref().unwrap_or(""),
        ])?;
    }
    let bytes = out.into_inner().map_err(|_| AppError::Internal)?;
    String::from_utf8(bytes).map_err(|_| AppError::Internal)
}
