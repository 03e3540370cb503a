//! What the placement pages show. Council users get counts only until the deadline
//! (the content reads in `repo::opened` return nothing before it); a provider gets
//! its own answer, and the person's details only once it has been awarded.

use super::access::{councils_own, sent_to};
use super::award::standstill_of;
use super::evaluate::evaluation;
use super::provider_placements::placement_status_text;
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::roles::Permission;
use crate::auth::user::CurrentUser;
use crate::calendar::uk_date;
use crate::council_settings::service::clock_settings;
use crate::error::AppError;
use crate::error::AppResult;
use crate::ids::RequestId;
use crate::money::Money;
use crate::placements::approval::{route, Route};
use crate::placements::deadline::{deadline_text, is_open, time_left};
use crate::placements::model::*;
use crate::placements::repo::options;
use crate::placements::repo::requests::RequestRow;
use crate::placements::repo::{opened, people, placements, requests, responses};
use crate::placements::standstill::contract_from;
use crate::placements::standstill::Standstill;
use crate::placements::types::{DeclineReason, Gender, RiskFlag, Urgency};
use crate::placements::value::minutes_as_hours;
use crate::service::Ctx;
use crate::systems::details::{long_date, long_date_of};
use crate::systems::types::SystemType;

/// Who decides an award of this value, in words.
pub fn route_text(value: Money, routed: Route) -> String {
    match routed {
        Route::Commissioner => format!("The whole-life value is {value}: within the commissioner's limit, so a commissioner awards."),
        Route::Approver { cabinet_reference: false } => format!("The whole-life value is {value}: above the commissioner's limit, so an approver must award."),
        Route::Approver { cabinet_reference: true } => format!("The whole-life value is {value}: at or above the cabinet threshold, so an approver awards and records the cabinet decision reference."),
        Route::BeyondPortal => format!("The whole-life value is {value}: above every limit the council has delegated, so it cannot be awarded in the portal."),
    }
}

pub fn status_text(status: &str, deadline: i64, now: i64) -> &'static str {
    match status {
        "cancelled" => "Cancelled",
        "awarded" => "Awarded",
        _ if is_open(now, deadline) => "Open",
        _ => "Closed for evaluation",
    }
}

pub fn profile(request: &RequestRow, now: i64) -> Profile {
    Profile {
        id: request.id,
        reference: request.reference.clone(),
        council: request.council.clone(),
        system: request.system.clone(),
        lot: request.lot.clone(),
        kind: if request.block { "block" } else { "spot" }.into(),
        urgency: Urgency::parse(&request.urgency)
            .map_or(request.urgency.clone(), |u| u.label().into()),
        age_years: request.age_years,
        gender: Gender::parse(&request.gender).map_or(String::new(), |g| g.label().into()),
        needs_summary: request.needs_summary.clone(),
        send_ehcp: request.send_ehcp,
        risk_flags: request
            .risk_flags
            .iter()
            .map(|f| RiskFlag::parse(f).map_or(f.clone(), |r| r.label().into()))
            .collect(),
        siblings: request.siblings,
        pets: request.pets.clone(),
        preferred_area: request.preferred_area.clone(),
        max_distance_miles: request.max_distance_miles,
        placement_type: request.placement_type.clone(),
        start_date: long_date_of(&request.start_date),
        end_date: long_date_of(&request.end_date),
        bespoke: request.bespoke.clone(),
        hours_per_week: request.minutes_per_week.map(minutes_as_hours),
        guaranteed_hours: request.guaranteed_minutes.map(minutes_as_hours),
        questions: request.questions.clone(),
        deadline: request.deadline,
        deadline_text: deadline_text(request.deadline),
        status: status_text(&request.status, request.deadline, now).into(),
        open: request.status == "open" && is_open(now, request.deadline),
    }
}

/// The person's details for someone allowed them: the view is logged beside the details
/// and in the council's audit log, whoever the viewer is. Nothing is logged once they
/// have been erased, since nothing is shown.
pub(super) async fn person_shown(
    ctx: &mut Ctx,
    me: &CurrentUser,
    request: &RequestRow,
) -> AppResult<Option<Person>> {
    let conn = ctx.work.tx().await?;
    let person = people::read_and_log(
        &mut *conn,
        &ctx.state.audit_key,
        request.id,
        me.user_id,
        me.organisation_id,
        ctx.now,
    )
    .await?;
    if person.is_some() {
        ctx.audit(
            AuditEvent::by(
                Actor::user(me),
                Action::PersonViewed,
                Subject::Request(request.id),
            )
            .in_organisation(request.council_id),
        )
        .await?;
    }
    Ok(person)
}

/// The person's page for the council that made the request.
pub async fn person_page(ctx: &mut Ctx, me: &CurrentUser, id: RequestId) -> AppResult<PersonPage> {
    let request = councils_own(&mut *ctx.work.read().await?, me, id).await?;
    let person = person_shown(ctx, me, &request).await?;
    Ok(PersonPage {
        reference: request.reference.clone(),
        can_erase: person.is_some() && me.can(Permission::IssueRequests),
        person,
        erased: request.person_erased_at.map(|at| {
            super::retention::erased_text(at, request.person_erased_reason.as_deref().unwrap_or(""))
        }),
    })
}

/// How far the marking of one offer has got, in words.
pub fn marking_text(excluded: bool, marked: usize, questions: usize) -> String {
    match (excluded, marked) {
        (true, _) => "Excluded".into(),
        _ if marked >= questions => "Marked".into(),
        (false, 0) => "Not marked yet".into(),
        _ => format!("{marked} of {questions} answers marked"),
    }
}

fn decline_label(reason: &str) -> String {
    DeclineReason::parse(reason).map_or(reason.to_string(), |r| r.label().to_string())
}

/// The request as its council sees it (never the person's details: see `person_page`).
pub async fn council_request(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: RequestId,
) -> AppResult<CouncilRequest> {
    let now = ctx.now;
    let mut conn = ctx.work.read().await?;
    let request = councils_own(&mut conn, me, id).await?;
    let (invited, offers_count, declines_count) = responses::counts(&mut conn, id).await?;
    let sealed = is_open(now, request.deadline);
    let evaluation = evaluation(&mut conn, &request, now).await?;
    let questions = request.questions.len();
    let offers = evaluation
        .offers
        .iter()
        .map(|o| {
            let ranked = evaluation.ranked(o.organisation_id);
            let marked = (0..questions)
                .filter(|q| evaluation.marks.contains_key(&(o.organisation_id, *q)))
                .count();
            OfferLine {
                organisation_id: o.organisation_id,
                provider: o.provider.clone(),
                value: Money(o.value_pence).to_string(),
                marking: marking_text(o.excluded_reason.is_some(), marked, questions),
                excluded: o.excluded_reason.is_some(),
                quality: ranked.map(|r| r.quality.to_string()),
                price: ranked.map(|r| r.price.to_string()),
                total: ranked.map(|r| r.total.to_string()),
                rank: ranked.map(|r| r.rank),
                tied: ranked.is_some_and(|r| r.tied),
            }
        })
        .collect();
    let declines = opened::declines(&mut conn, id, now)
        .await?
        .into_iter()
        .map(|(name, reason, detail)| {
            let reason = decline_label(&reason);
            (
                name,
                if detail.is_empty() {
                    reason
                } else {
                    format!("{reason}: {detail}")
                },
            )
        })
        .collect();
    // Only an awarded request has a placement to read.
    let placement = match request.status.as_str() {
        "awarded" => placements::for_request(&mut conn, id).await?,
        _ => None,
    };
    let award = placement.map(|a| AwardSummary {
        placement_id: a.id,
        provider: a.provider,
        value: Money(a.value_pence).to_string(),
        standstill: match (standstill_of(&request), a.standstill_days) {
            (Standstill::Mandatory { working_days }, _) => {
                format!("Standstill of {working_days} working days (Procurement Act 2023)")
            }
            (Standstill::Voluntary, 0) => "No standstill (light-touch)".into(),
            (Standstill::Voluntary, d) => format!("Voluntary standstill of {d} working days"),
        },
        contract_from: long_date_of(&a.contract_from),
    });
    drop(conn);
    let open = request.status == "open";
    let limits = super::limits::of(&mut *ctx.work.read().await?, me.organisation_id).await?;
    let top = evaluation
        .ranking
        .as_ref()
        .ok()
        .and_then(|r| r.first())
        .and_then(|r| {
            evaluation
                .offers
                .iter()
                .find(|o| o.organisation_id == r.key)
        });
    let routed = top.map(|o| route(Money(o.value_pence), &limits));
    let award_route = top
        .zip(routed)
        .map(|(o, r)| route_text(Money(o.value_pence), r));
    let (holidays, _) = clock_settings(&mut *ctx.work.read().await?, me.organisation_id).await?;
    let today = uk_date(now);
    let (standstill_rule, voluntary_standstill) = match standstill_of(&request) {
        Standstill::Mandatory { working_days } => (
            format!(
                "The Procurement Act 2023 applies to this competition: the award is a decision first, every bidder is sent its assessment summary, then a standstill of {working_days} working days. Awarded today, the contract could be entered from {}.",
                long_date(contract_from(today, working_days, &holidays))
            ),
            false,
        ),
        Standstill::Voluntary => (
            "This is a light-touch call-off: you may set a voluntary standstill in working days, or none, in which case the contract can be entered on the day of award.".to_string(),
            true,
        ),
    };
    Ok(CouncilRequest {
        profile: profile(&request, now),
        system_id: request.system_id,
        lot_id: request.lot_id,
        invited,
        offers_count,
        declines_count,
        sealed,
        offers,
        declines,
        transition: request.transition,
        transition_signed_off: request.transition_signed_off,
        tie_break: request.tie_break.clone().unwrap_or_default(),
        award,
        award_route,
        cabinet_needed: matches!(
            routed,
            Some(Route::Approver {
                cabinet_reference: true
            })
        ),
        standstill_rule,
        voluntary_standstill,
        can_manage: open && sealed && me.can(Permission::IssueRequests),
        can_evaluate: open && !sealed && me.can(Permission::EvaluateOffers),
        can_award: open && !sealed && me.can(Permission::AwardPlacements),
        can_sign_off: open
            && request.transition
            && !request.transition_signed_off
            && me.can(Permission::SignOffTransitions),
    })
}

/// The request as an invited provider sees it.
pub async fn provider_request(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: RequestId,
) -> AppResult<ProviderRequest> {
    let now = ctx.now;
    let mut conn = ctx.work.read().await?;
    let request = sent_to(&mut conn, me, id).await?;
    let answer = match responses::own(&mut conn, id, me.organisation_id).await? {
        Some((state, _, Some(content))) if state == "offered" => {
            MyAnswer::Offered(Box::new(content))
        }
        Some((state, _, content)) if state == "withdrawn" => MyAnswer::Withdrawn {
            version: content.map_or(0, |c| c.version),
        },
        Some((state, reason, _)) if state == "declined" => MyAnswer::Declined {
            reason: decline_label(&reason.unwrap_or_default()),
        },
        _ => MyAnswer::None,
    };
    let award = placements::for_request(&mut conn, id).await?;
    let mut outcome = None;
    let mut won = false;
    if let Some(award) = &award {
        won = award.provider_id == me.organisation_id;
        let bid = matches!(answer, MyAnswer::Offered(_));
        if bid {
            let evaluation = evaluation(&mut conn, &request, now).await?;
            outcome = Some(Outcome {
                won,
                own_score: evaluation
                    .ranked(me.organisation_id)
                    .map(|r| r.total.to_string()),
                winning_score: award
                    .winning_total
                    .map(|t| crate::placements::scoring::Points(t).to_string()),
            });
        }
    }
    drop(conn);
    let person = match won {
        true => person_shown(ctx, me, &request).await?,
        false => None,
    };
    let person_erased = match (won, request.person_erased_at) {
        (true, Some(at)) => Some(super::retention::erased_text(
            at,
            request.person_erased_reason.as_deref().unwrap_or(""),
        )),
        _ => None,
    };
    Ok(ProviderRequest {
        profile: profile(&request, now),
        answer,
        outcome,
        person,
        person_erased,
    })
}

/// One page (from 1) of a list: `PAGE` rows are read and one more, to know whether
/// a next page exists.
fn paged<T>(mut rows: Vec<T>, page: i64, size: i64) -> Paged<T> {
    let more = rows.len() as i64 > size;
    rows.truncate(size as usize);
    Paged { rows, page, more }
}

pub async fn council_list(
    ctx: &mut Ctx,
    me: &CurrentUser,
    page: i64,
) -> AppResult<Paged<CouncilRequestRow>> {
    const PAGE: i64 = 50;
    let now = ctx.now;
    let page = page.max(1);
    let mut conn = ctx.work.read().await?;
    let rows =
        requests::for_council(&mut conn, me.organisation_id, PAGE + 1, (page - 1) * PAGE).await?;
    let rows = rows
        .into_iter()
        .map(|r| CouncilRequestRow {
            id: r.request.id,
            reference: r.request.reference,
            lot: format!("{} – {}", r.request.system, r.request.lot),
            urgency: Urgency::parse(&r.request.urgency).map_or(String::new(), |u| u.label().into()),
            deadline_text: deadline_text(r.request.deadline),
            status: status_text(&r.request.status, r.request.deadline, now).into(),
            invited: r.invited,
            answered: r.answered,
        })
        .collect();
    Ok(paged(rows, page, PAGE))
}

pub async fn provider_list(
    ctx: &mut Ctx,
    me: &CurrentUser,
    page: i64,
) -> AppResult<Paged<ProviderRequestRow>> {
    const PAGE: i64 = 25;
    let now = ctx.now;
    let page = page.max(1);
    let mut conn = ctx.work.read().await?;
    let rows = requests::for_provider(
        &mut conn,
        me.organisation_id,
        now,
        PAGE + 1,
        (page - 1) * PAGE,
    )
    .await?;
    let rows = rows
        .into_iter()
        .map(|(r, state)| ProviderRequestRow {
            id: r.id,
            reference: r.reference,
            council: r.council,
            lot: r.lot,
            urgency: Urgency::parse(&r.urgency).map_or(String::new(), |u| u.label().into()),
            deadline_text: deadline_text(r.deadline),
            time_left: if r.status == "open" {
                time_left(now, r.deadline)
            } else {
                status_text(&r.status, r.deadline, now).into()
            },
            answer: match state.as_deref() {
                Some("offered") => "Offer sent",
                Some("withdrawn") => "Offer withdrawn",
                Some("declined") => "Declined",
                _ => "Not answered",
            }
            .into(),
        })
        .collect();
    Ok(paged(rows, page, PAGE))
}

pub async fn placements_list(
    ctx: &mut Ctx,
    me: &CurrentUser,
    filter: &placements::Filter,
) -> AppResult<Vec<PlacementRow>> {
    let today = uk_date(ctx.now);
    let mut conn = ctx.work.read().await?;
    let rows = placements::for_council(&mut conn, me.organisation_id, filter, 500).await?;
    Ok(rows
        .into_iter()
        .map(|p| PlacementRow {
            id: p.id,
            request: p.request,
            system: p.system.unwrap_or_else(|| "Off-system".into()),
            lot: p.lot.unwrap_or_default(),
            provider: p.provider,
            route: route_label(&p.route).into(),
            weekly_price: Money(p.weekly_price_pence).to_string(),
            start_date: long_date_of(&p.start_date),
            value: Money(p.value_pence).to_string(),
            status: placement_status_text(&p.status, &p.contract_from, &p.end_date, today).into(),
            end_date: long_date_of(&p.end_date),
        })
        .collect())
}

/// Open systems the council may send requests in.
pub async fn requestable(ctx: &mut Ctx, me: &CurrentUser) -> AppResult<Vec<RequestableSystem>> {
    let mut conn = ctx.work.read().await?;
    Ok(options::requestable_systems(&mut conn, me.organisation_id)
        .await?
        .into_iter()
        .map(|(id, title, kind, lead)| RequestableSystem {
            id,
            title,
            kind: SystemType::parse(&kind).map_or(kind, |t| t.label().to_string()),
            lead,
        })
        .collect())
}

pub async fn new_request_options(
    ctx: &mut Ctx,
    me: &CurrentUser,
    system: crate::ids::SystemId,
) -> AppResult<NewRequestOptions> {
    let mut conn = ctx.work.read().await?;
    let choice = options::requestable_systems(&mut conn, me.organisation_id)
        .await?
        .into_iter()
        .find(|s| s.0 == system)
        .ok_or(AppError::NotFound)?;
    let system_type = SystemType::parse(&choice.2).ok_or(AppError::Internal)?;
    let counts = options::eligible_counts(&mut conn, system).await?;
    let lots = crate::systems::repo::lots(&mut conn, system)
        .await?
        .into_iter()
        .map(|l| {
            let n = counts
                .iter()
                .find(|(id, _)| *id == l.id)
                .map_or(0, |(_, n)| *n);
            (l.id, l.label(), n)
        })
        .collect();
    let deadline_rule = match system_type {
        SystemType::Reg34Dps => "at least 10 days after it is sent, unless every invited provider has agreed a shorter period",
        SystemType::DynamicMarket => "at least 10 days after it is sent",
        _ => "any time in the future: this is a light-touch system, so same-day emergency requests can go out",
    };
    Ok(NewRequestOptions {
        system_id: system,
        system: choice.1,
        deadline_rule: deadline_rule.into(),
        may_shorten: system_type == SystemType::Reg34Dps,
        lots,
    })
}

pub async fn placements_page(
    ctx: &mut Ctx,
    me: &CurrentUser,
    filter: &placements::Filter,
) -> AppResult<PlacementsPage> {
    let rows = placements_list(ctx, me, filter).await?;
    let mut conn = ctx.work.read().await?;
    let (systems, lots, providers) =
        options::placement_filters(&mut conn, me.organisation_id).await?;
    Ok(PlacementsPage {
        rows,
        systems,
        lots,
        providers,
        can_record: me.can(Permission::AwardPlacements),
    })
}

pub fn route_label(route: &str) -> &'static str {
    match route {
        "competition" => "Competition",
        "direct" => "Direct award",
        "spot" => "Spot purchase",
        _ => "User choice",
    }
}

pub async fn placement(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: crate::ids::PlacementId,
) -> AppResult<PlacementDetail> {
    let today = uk_date(ctx.now);
    let mut conn = ctx.work.read().await?;
    let p = placements::find(&mut conn, id)
        .await?
        .filter(|p| p.council_id == me.organisation_id)
        .ok_or(AppError::NotFound)?;
    let hours = super::block_hours::hours_of(&mut conn, &p, today, false).await?;
    Ok(PlacementDetail {
        id: p.id,
        status: placement_status_text(&p.status, &p.contract_from, &p.end_date, today).into(),
        provider: p.provider,
        route: route_label(&p.route).into(),
        justification: p.justification,
        weekly_price: Money(p.weekly_price_pence).to_string(),
        price_from: p
            .price_from
            .as_deref()
            .map(long_date_of)
            .unwrap_or_default(),
        start_date: long_date_of(&p.start_date),
        value: Money(p.value_pence).to_string(),
        end_date: long_date_of(&p.end_date),
        contract_from: long_date_of(&p.contract_from),
        cabinet_reference: p.cabinet_reference.unwrap_or_default(),
        can_change: me.can(Permission::AwardPlacements),
        hours,
    })
}

#[cfg(test)]
mod tests {
    use super::{marking_text, paged};

    #[test]
    fn a_page_knows_whether_another_follows() {
        let full = paged((0..51).collect::<Vec<i32>>(), 2, 50);
        assert_eq!((full.rows.len(), full.page, full.more), (50, 2, true));
        let last = paged((0..50).collect::<Vec<i32>>(), 3, 50);
        assert_eq!((last.rows.len(), last.more), (50, false));
        assert!(!paged(Vec::<i32>::new(), 9, 50).more);
    }

    #[test]
    fn marking_says_how_far_an_offer_has_got() {
        assert_eq!(marking_text(false, 0, 2), "Not marked yet");
        assert_eq!(marking_text(false, 1, 2), "1 of 2 answers marked");
        assert_eq!(marking_text(false, 2, 2), "Marked");
        assert_eq!(marking_text(false, 0, 0), "Marked");
        assert_eq!(marking_text(true, 2, 2), "Excluded");
    }
}
