//! Placements made outside a competition, and changes to placements. A direct award,
//! a contingency spot purchase or a user-choice award (the person's own preference) is
//! recorded with its justification, so that reports show every one; its value routes
//! it to the same level of authority as an award. An extension or variation is routed
//! by the placement's new whole-life value in the same way.

use crate::accounts::fields::OrganisationName;
use crate::accounts::repo::organisation_id_by_name;
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::roles::{OrgKind, Role};
use crate::auth::user::CurrentUser;
use crate::calendar::uk_date;
use crate::error::{AppError, AppResult, FormErrors};
use crate::ids::PlacementId;
use crate::money::Money;
use crate::placements::approval::{may_decide, route, CABINET_REFERENCE_MISSING};
use crate::placements::lifecycle::{status_on, PlacementStatus};
use crate::placements::repo::placements::{self, NewPlacement};
use crate::placements::value::{days_between, whole_life_value};
use crate::service::Ctx;
use crate::systems::details::iso_date;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::placements::model::DIRECT_ROUTES as ROUTES;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectForm {
    pub route: String,
    pub provider_name: String,
    pub justification: String,
    pub weekly_price: String,
    pub start_date: String,
    pub end_date: String,
    pub cabinet_reference: String,
}

pub(super) fn decide(
    me: &CurrentUser,
    value: Money,
    limits: &crate::placements::approval::ApprovalLimits,
    reference: Option<&str>,
) -> AppResult<()> {
    may_decide(
        route(value, limits),
        me.roles.contains(&Role::Commissioner),
        me.roles.contains(&Role::Approver),
        reference,
    )
    .map_err(|m| {
        let field = if m == CABINET_REFERENCE_MISSING {
            "cabinet_reference"
        } else {
            "weekly_price"
        };
        AppError::invalid(field, m)
    })
}

pub async fn record(ctx: &mut Ctx, me: &CurrentUser, form: &DirectForm) -> AppResult<PlacementId> {
    let mut e = FormErrors::new();
    for (field, value) in [
        ("route", &form.route),
        ("provider_name", &form.provider_name),
        ("justification", &form.justification),
        ("weekly_price", &form.weekly_price),
        ("start_date", &form.start_date),
        ("end_date", &form.end_date),
        ("cabinet_reference", &form.cabinet_reference),
    ] {
        e = e.keep(field, value);
    }
    let route_name = ROUTES
        .iter()
        .find(|(r, _)| *r == form.route)
        .map(|(r, _)| *r);
    if route_name.is_none() {
        e.add("route", "Choose how the placement was made");
    }
    let name = OrganisationName::parse(&form.provider_name)
        .map_err(|m| e.add("provider_name", m))
        .ok();
    let justification = form.justification.trim();
    if justification.is_empty() {
        e.add(
            "justification",
            "Explain why the placement was made this way",
        );
    }
    let weekly = match Money::parse(&form.weekly_price) {
        Ok(m) if m.pence() > 0 => Some(m),
        Ok(_) => {
            e.add("weekly_price", "The weekly price must be more than zero");
            None
        }
        Err(m) => {
            e.add("weekly_price", m.replace("7,200,000", "4,250.00"));
            None
        }
    };
    let start = iso_date(&form.start_date)
        .map_err(|m| e.add("start_date", m))
        .ok();
    let end = iso_date(&form.end_date)
        .map_err(|_| e.add("end_date", "Enter the end date"))
        .ok();
    let days = match (start, end) {
        (Some(s), Some(f)) => days_between(s, f).map_err(|m| e.add("end_date", m)).ok(),
        _ => None,
    };
    let conn = ctx.work.tx().await?;
    let provider = match &name {
        Some(n) => organisation_id_by_name(&mut *conn, OrgKind::Provider, &n.key()).await?,
        None => None,
    };
    if name.is_some() && provider.is_none() {
        e.add(
            "provider_name",
            "No provider with that name has an account: check the name, or ask them to register",
        );
    }
    let (Some(route_name), Some(provider), Some(weekly), Some(start), Some(end), Some(days)) =
        (route_name, provider, weekly, start, end, days)
    else {
        return Err(AppError::Invalid(e));
    };
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let value = whole_life_value(weekly, &[], days);
    let limits = super::limits::of(&mut *conn, me.organisation_id).await?;
    let reference = Some(form.cabinet_reference.trim()).filter(|r| !r.is_empty());
    decide(me, value, &limits, reference)?;
    let now = ctx.now;
    let id = placements::insert(
        &mut *conn,
        NewPlacement {
            council: me.organisation_id,
            request: None,
            system: None,
            lot: None,
            provider,
            route: route_name,
            justification,
            weekly_price_pence: weekly.pence(),
            start_date: start.to_string(),
            end_date: end.to_string(),
            value_pence: value.pence(),
            // Recorded after the fact, it may have ended already.
            status: status_on(PlacementStatus::Active, start, end, uk_date(now)).as_str(),
            standstill_days: 0,
            contract_from: uk_date(now).max(start).to_string(),
            awarded_by: me.user_id,
            cabinet_reference: reference,
            awarded_at: now,
            winning_total: None,
            block: None,
        },
    )
    .await?;
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::PlacementRecorded,
            Subject::Placement(id),
        )
        .after(json!({
            "route": route_name, "provider": provider, "justification": justification,
            "weekly_pence": weekly.pence(), "start": start.to_string(), "end": end.to_string(),
            "value": value.pence(), "cabinet_reference": reference,
        })),
    )
    .await?;
    Ok(id)
}

/// Extends a placement to a new end date. The new whole-life value routes the
/// decision as an award's does.
pub async fn extend(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: PlacementId,
    new_end: &str,
    cabinet_reference: &str,
) -> AppResult<()> {
    let errors = FormErrors::new()
        .keep("new_end_date", new_end)
        .keep("cabinet_reference", cabinet_reference);
    let Ok(end) = iso_date(new_end) else {
        return Err(AppError::Invalid(
            errors.with("new_end_date", "Enter the new end date"),
        ));
    };
    let conn = ctx.work.tx().await?;
    let placement = placements::lock(&mut *conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if placement.council_id != me.organisation_id {
        return Err(AppError::NotFound);
    }
    let Ok(old_end) = iso_date(&placement.end_date) else {
        return Err(AppError::Internal);
    };
    if end <= old_end {
        return Err(AppError::Invalid(errors.with(
            "new_end_date",
            "The new end date must be after the current one",
        )));
    }
    let extra_days = days_between(old_end, end).unwrap_or(1) - 1;
    let weekly = Money(placement.weekly_price_pence);
    let value = Money(placement.value_pence + whole_life_value(weekly, &[], extra_days).pence());
    let limits = super::limits::of(&mut *conn, me.organisation_id).await?;
    let reference = Some(cabinet_reference.trim()).filter(|r| !r.is_empty());
    decide(me, value, &limits, reference).map_err(|e| match e {
        AppError::Invalid(f) if f.message_for("weekly_price").is_some() => AppError::invalid(
            "new_end_date",
            f.message_for("weekly_price").unwrap_or_default(),
        ),
        other => other,
    })?;
    let status = match (
        PlacementStatus::parse(&placement.status),
        iso_date(&placement.contract_from),
    ) {
        (Some(stored), Ok(from)) => status_on(stored, from, end, uk_date(ctx.now)),
        _ => return Err(AppError::Internal),
    };
    placements::extend(
        &mut *conn,
        id,
        &end.to_string(),
        value.pence(),
        status.as_str(),
    )
    .await?;
    ctx.audit(
        AuditEvent::by(Actor::user(me), Action::PlacementVaried, Subject::Placement(id))
            .before(json!({ "end": placement.end_date, "value": placement.value_pence }))
            .after(json!({ "end": end.to_string(), "value": value.pence(), "cabinet_reference": reference })),
    )
    .await
}
