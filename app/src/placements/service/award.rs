//! Awarding a request after evaluation, at the level of authority its whole-life
//! value routes it to, and telling every bidder at once. Under the Procurement Act
//! a competition that is not light-touch is a decision first: the placement waits in
//! standstill for 8 working days before the contract may be entered.

use super::access::councils_own;
use super::evaluate::evaluation;
use super::limits;
use super::notify::{self, Message};
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::roles::Role;
use crate::auth::user::CurrentUser;
use crate::calendar::uk_date;
use crate::council_settings::service::clock_settings;
use crate::error::{AppError, AppResult};
use crate::ids::{OrganisationId, PlacementId, RequestId};
use crate::money::Money;
use crate::placements::approval::{may_decide, route, CABINET_REFERENCE_MISSING};
use crate::placements::deadline::is_open;
use crate::placements::model::OfferContent;
use crate::placements::repo::opened;
use crate::placements::repo::placements::{self, NewPlacement};
use crate::placements::repo::requests::{self, RequestRow};
use crate::placements::scoring::{Points, ScoringError};
use crate::placements::standstill::{contract_from, standstill_for, Standstill};
use crate::placements::value::BlockTerms;
use crate::service::Ctx;
use crate::systems::details::long_date;
use crate::systems::types::SystemType;
use serde_json::json;

/// Competitions under these are not light-touch.
pub fn is_light_touch(system_type: SystemType) -> bool {
    !matches!(
        system_type,
        SystemType::Reg34Dps | SystemType::DynamicMarket
    )
}

pub fn standstill_of(request: &RequestRow) -> Standstill {
    standstill_for(request.regime, is_light_touch(request.system_type))
}

/// The longest voluntary standstill the award form takes.
pub const MAX_VOLUNTARY_DAYS: u32 = 20;

const FIELD: &str = "award";

pub async fn sign_off_transition(ctx: &mut Ctx, me: &CurrentUser, id: RequestId) -> AppResult<()> {
    let now = ctx.now;
    let conn = ctx.work.tx().await?;
    let request = councils_own(&mut *conn, me, id).await?;
    if !request.transition || request.transition_signed_off || request.status != "open" {
        return Err(AppError::invalid(
            "sign_off",
            "There is no transition waiting for sign-off",
        ));
    }
    requests::sign_off_transition(&mut *conn, id, me.user_id, now).await?;
    ctx.audit(AuditEvent::by(
        Actor::user(me),
        Action::TransitionSignedOff,
        Subject::Request(id),
    ))
    .await
}

pub async fn award(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: RequestId,
    provider: OrganisationId,
    cabinet_reference: &str,
    voluntary_days: &str,
) -> AppResult<PlacementId> {
    let now = ctx.now;
    let conn = ctx.work.tx().await?;
    councils_own(&mut *conn, me, id).await?;
    // Locked: two awards of one request at once cannot both pass the checks.
    let request = requests::lock(&mut *conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if request.status != "open" {
        return Err(AppError::invalid(
            FIELD,
            "This request has already been decided or cancelled",
        ));
    }
    if is_open(now, request.deadline) {
        return Err(AppError::invalid(
            FIELD,
            "A request can be awarded only after its deadline",
        ));
    }
    if request.transition && !request.transition_signed_off {
        return Err(AppError::invalid(
            FIELD,
            "This young person turns 18 during the placement: adult social care must sign off the transition before award",
        ));
    }
    let evaluation = evaluation(&mut *conn, &request, now).await?;
    let ranking = match &evaluation.ranking {
        Ok(r) if !r.is_empty() => r,
        Ok(_) => {
            return Err(AppError::invalid(
                FIELD,
                "There is no compliant offer to award",
            ))
        }
        Err(ScoringError::Unmarked(_)) => {
            return Err(AppError::invalid(
                FIELD,
                "Mark every answer of every compliant offer before award",
            ))
        }
        Err(ScoringError::MissingPrice(_)) => {
            return Err(AppError::invalid(
                FIELD,
                "An offer without a price cannot be scored",
            ))
        }
    };
    let Some(chosen) = ranking.iter().find(|r| r.key == provider) else {
        return Err(AppError::invalid(FIELD, "Choose one of the ranked offers"));
    };
    if chosen.rank != 1 {
        return Err(AppError::invalid(
            FIELD,
            "Only the highest-ranked offer can be awarded",
        ));
    }
    if chosen.tied
        && request
            .tie_break
            .as_deref()
            .is_none_or(|t| t.trim().is_empty())
    {
        return Err(AppError::invalid(
            FIELD,
            "Offers are tied: record how the tie was broken first",
        ));
    }
    let offer = opened::offer(&mut *conn, id, provider, now)
        .await?
        .ok_or(AppError::Internal)?;
    let value = Money(offer.content.value_pence);
    let limits = limits::of(&mut *conn, me.organisation_id).await?;
    let routed = route(value, &limits);
    let reference = Some(cabinet_reference.trim()).filter(|r| !r.is_empty());
    may_decide(
        routed,
        me.roles.contains(&Role::Commissioner),
        me.roles.contains(&Role::Approver),
        reference,
    )
    .map_err(|m| {
        let field = if m == CABINET_REFERENCE_MISSING {
            "cabinet_reference"
        } else {
            FIELD
        };
        AppError::invalid(field, m)
    })?;
    let days = match standstill_of(&request) {
        Standstill::Mandatory { working_days } => working_days,
        Standstill::Voluntary => match voluntary_days.trim() {
            "" => 0,
            d => {
                d.parse::<u32>()
                    .ok()
                    .filter(|d| *d <= MAX_VOLUNTARY_DAYS)
                    .ok_or_else(|| {
                        AppError::invalid(
                    "standstill_days",
                    format!("Enter a whole number of working days from 0 to {MAX_VOLUNTARY_DAYS}"),
                )
                    })?
            }
        },
    };
    let (holidays, _) = clock_settings(&mut *conn, me.organisation_id).await?;
    let today = uk_date(now);
    let from = contract_from(today, days, &holidays);
    let placement = placements::insert(
        &mut *conn,
        NewPlacement {
            council: me.organisation_id,
            request: Some(id),
            system: Some(request.system_id),
            lot: Some(request.lot_id),
            provider,
            route: "competition",
            justification: "",
            weekly_price_pence: offer.content.weekly_cost_pence,
            start_date: offer.content.start_date.clone(),
            end_date: request.end_date.clone(),
            value_pence: value.pence(),
            status: if days > 0 { "standstill" } else { "active" },
            standstill_days: days,
            contract_from: from.to_string(),
            awarded_by: me.user_id,
            cabinet_reference: reference,
            awarded_at: now,
            winning_total: Some(chosen.total.0),
            block: block_terms(&request, &offer.content),
        },
    )
    .await?;
    requests::mark_awarded(&mut *conn, id).await?;
    ctx.audit(
        AuditEvent::by(
            Actor::user(me),
            Action::PlacementAwarded,
            Subject::Request(id),
        )
        .after(json!({
            "placement": placement,
            "provider": provider,
            "value": value.pence(),
            "route": format!("{routed:?}"),
            "cabinet_reference": reference,
            "standstill_working_days": days,
            "contract_from": from.to_string(),
        })),
    )
    .await?;
    let winning = chosen.total;
    for bidder in &evaluation.offers {
        let own = evaluation.ranked(bidder.organisation_id).map(|r| r.total);
        let message = outcome_message(
            &request,
            bidder.organisation_id == provider,
            own,
            winning,
            days,
            from,
        );
        notify::provider(ctx, bidder.organisation_id, &message).await?;
    }
    Ok(placement)
}

/// A block arrangement keeps the hours asked for and the rates offered, to price the
/// hours delivered against them.
fn block_terms(request: &RequestRow, offer: &OfferContent) -> Option<BlockTerms> {
    if !request.block {
        return None;
    }
    Some(BlockTerms {
        hourly_rate: Money(offer.hourly_rate_pence?),
        minutes_per_week: u32::try_from(request.minutes_per_week?).ok()?,
        guaranteed_minutes: u32::try_from(request.guaranteed_minutes.unwrap_or(0)).ok()?,
        discount_bp: u32::try_from(offer.discount_bp).ok()?,
    })
}

fn outcome_message(
    request: &RequestRow,
    won: bool,
    own: Option<Points>,
    winning: Points,
    days: u32,
    from: time::Date,
) -> Message {
    let mut paragraphs = Vec::new();
    if won {
        paragraphs.push(format!(
            "{} has chosen your offer for placement request {}.",
            request.council, request.reference
        ));
        if days > 0 {
            paragraphs.push(format!(
                "A standstill of {days} working days applies: the contract can be entered from {}.",
                long_date(from)
            ));
        }
        paragraphs.push("The person's details are now on the request page.".into());
    } else {
        paragraphs.push(format!(
            "{} has awarded placement request {} to another provider.",
            request.council, request.reference
        ));
        match own {
            Some(score) => paragraphs.push(format!(
                "Your offer scored {score} out of 100; the winning offer scored {winning}."
            )),
            None => paragraphs.push(format!(
                "Your offer was not scored because it did not comply; the winning offer scored {winning}."
            )),
        }
    }
    Message {
        subject: format!("Outcome of placement request {}", request.reference),
        paragraphs,
        link: Some((
            "See the outcome".into(),
            format!("/provider/requests/{}", request.id),
        )),
    }
}
