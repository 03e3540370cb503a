//! The placement server functions: each parses its input, names who may call it,
//! and hands over to the service, which checks the request's scope.
// A form's fields arrive as the server function's arguments, one each.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::ids::{OrganisationId, PlacementId, RequestId, SystemId};
use crate::placements::model::{
    CouncilOffer, CouncilRequest, CouncilRequestRow, LimitsPage, NewRequestOptions, Paged,
    PlacementDetail, PlacementsPage, ProviderRequest, ProviderRequestRow, RequestableSystem,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission},
    },
    crate::placements::offer_form::OfferForm,
    crate::placements::repo::placements::Filter,
    crate::placements::request_form::RequestForm,
    crate::placements::service::{
        answer, award, direct, evaluate, issue, limits, offer_view, queries, variation,
    },
    crate::service::{as_user, redirect},
};

#[cfg(feature = "ssr")]
const COUNCIL_VIEW: Allowed = Allowed::Member(OrgKind::Council, Permission::ViewRequests);
#[cfg(feature = "ssr")]
const PROVIDER: Allowed = Allowed::Member(OrgKind::Provider, Permission::AnswerRequests);

#[server(prefix = "/api", endpoint = "issue-request")]
pub async fn issue_request(
    system_id: SystemId,
    #[server(default)] lot_id: String,
    #[server(default)] kind: String,
    #[server(default)] urgency: String,
    #[server(default)] gender: String,
    #[server(default)] needs_summary: String,
    #[server(default)] send_ehcp: String,
    #[server(default)] risk_flags: Vec<String>,
    #[server(default)] siblings: String,
    #[server(default)] pets: String,
    #[server(default)] preferred_area: String,
    #[server(default)] max_distance: String,
    #[server(default)] placement_type: String,
    #[server(default)] start_date: String,
    #[server(default)] end_date: String,
    #[server(default)] bespoke: String,
    #[server(default)] hours_per_week: String,
    #[server(default)] guaranteed_hours: String,
    #[server(default)] questions: String,
    #[server(default)] deadline_date: String,
    #[server(default)] deadline_time: String,
    #[server(default)] all_agreed_shorter: String,
    #[server(default)] full_name: String,
    #[server(default)] date_of_birth: String,
    #[server(default)] address: String,
    #[server(default)] local_reference: String,
) -> Result<RequestId, AppError> {
    let form = RequestForm {
        lot_id,
        kind,
        urgency,
        gender,
        needs_summary,
        send_ehcp,
        risk_flags: risk_flags.into_iter().filter(|f| !f.is_empty()).collect(),
        siblings,
        pets,
        preferred_area,
        max_distance,
        placement_type,
        start_date,
        end_date,
        bespoke,
        hours_per_week,
        guaranteed_hours,
        questions,
        deadline_date,
        deadline_time,
        all_agreed_shorter,
        full_name,
        date_of_birth,
        address,
        local_reference,
    };
    let allowed = Allowed::Member(OrgKind::Council, Permission::IssueRequests);
    let id = as_user(allowed, async |ctx, me| {
        issue::issue(ctx, me, system_id, &form).await
    })
    .await?;
    redirect(&format!("/council/requests/{id}?issued=1"))?;
    Ok(id)
}

#[server(prefix = "/api", endpoint = "cancel-request")]
pub async fn cancel_request(
    id: RequestId,
    #[server(default)] cancel_reason: String,
) -> Result<(), AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::IssueRequests);
    as_user(allowed, async |ctx, me| {
        issue::cancel(ctx, me, id, &cancel_reason).await
    })
    .await?;
    redirect(&format!("/council/requests/{id}?cancelled=1"))
}

#[server(prefix = "/api", endpoint = "extend-request")]
pub async fn extend_request(
    id: RequestId,
    #[server(default)] deadline_date: String,
    #[server(default)] deadline_time: String,
) -> Result<(), AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::IssueRequests);
    as_user(allowed, async |ctx, me| {
        issue::extend(ctx, me, id, &deadline_date, &deadline_time).await
    })
    .await?;
    redirect(&format!("/council/requests/{id}?extended=1"))
}

#[server(prefix = "/api", endpoint = "council-requests")]
pub async fn load_council_requests(
    #[server(default)] page: i64,
) -> Result<Paged<CouncilRequestRow>, AppError> {
    as_user(COUNCIL_VIEW, async |ctx, me| {
        queries::council_list(ctx, me, page).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "council-request")]
pub async fn load_council_request(id: RequestId) -> Result<CouncilRequest, AppError> {
    as_user(COUNCIL_VIEW, async |ctx, me| {
        queries::council_request(ctx, me, id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "council-offer")]
pub async fn load_council_offer(
    id: RequestId,
    provider: OrganisationId,
) -> Result<CouncilOffer, AppError> {
    as_user(COUNCIL_VIEW, async |ctx, me| {
        offer_view::council_offer(ctx, me, id, provider).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "mark-offer")]
pub async fn mark_offer(
    id: RequestId,
    provider: OrganisationId,
    #[server(default)] marks: Vec<String>,
    #[server(default)] comments: Vec<String>,
) -> Result<(), AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::EvaluateOffers);
    as_user(allowed, async |ctx, me| {
        evaluate::mark(ctx, me, id, provider, &marks, &comments).await
    })
    .await?;
    redirect(&format!(
        "/council/requests/{id}/offers/{provider}?marked=1"
    ))
}

#[server(prefix = "/api", endpoint = "exclude-offer")]
pub async fn exclude_offer(
    id: RequestId,
    provider: OrganisationId,
    #[server(default)] excluded_reason: String,
    #[server(default)] include: String,
) -> Result<(), AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::EvaluateOffers);
    as_user(allowed, async |ctx, me| {
        evaluate::exclude(ctx, me, id, provider, &excluded_reason, include == "yes").await
    })
    .await?;
    redirect(&format!(
        "/council/requests/{id}/offers/{provider}?excluded=1"
    ))
}

#[server(prefix = "/api", endpoint = "record-tie-break")]
pub async fn record_tie_break(
    id: RequestId,
    #[server(default)] tie_break: String,
) -> Result<(), AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::EvaluateOffers);
    as_user(allowed, async |ctx, me| {
        evaluate::tie_break(ctx, me, id, &tie_break).await
    })
    .await?;
    redirect(&format!("/council/requests/{id}?tie_break=1"))
}

#[server(prefix = "/api", endpoint = "sign-off-transition")]
pub async fn sign_off_transition(id: RequestId) -> Result<(), AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::SignOffTransitions);
    as_user(allowed, async |ctx, me| {
        award::sign_off_transition(ctx, me, id).await
    })
    .await?;
    redirect(&format!("/council/requests/{id}?signed_off=1"))
}

#[server(prefix = "/api", endpoint = "award-request")]
pub async fn award_request(
    id: RequestId,
    #[server(default)] provider: String,
    #[server(default)] cabinet_reference: String,
    #[server(default)] standstill_days: String,
) -> Result<(), AppError> {
    let provider = provider
        .parse::<OrganisationId>()
        .map_err(|_| AppError::invalid("provider", "Choose the offer to award"))?;
    let allowed = Allowed::Member(OrgKind::Council, Permission::AwardPlacements);
    as_user(allowed, async |ctx, me| {
        award::award(ctx, me, id, provider, &cabinet_reference, &standstill_days).await
    })
    .await?;
    redirect(&format!("/council/requests/{id}?awarded=1"))
}

#[server(prefix = "/api", endpoint = "council-placements")]
pub async fn load_placements(
    #[server(default)] system: String,
    #[server(default)] lot: String,
    #[server(default)] provider: String,
    #[server(default)] status: String,
    #[server(default)] ends_by: String,
    #[server(default)] route: String,
) -> Result<PlacementsPage, AppError> {
    let filter = Filter::parse(&system, &lot, &provider, &status, &ends_by, &route);
    as_user(COUNCIL_VIEW, async |ctx, me| {
        queries::placements_page(ctx, me, &filter).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "requestable-systems")]
pub async fn load_requestable_systems() -> Result<Vec<RequestableSystem>, AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::IssueRequests);
    as_user(allowed, async |ctx, me| queries::requestable(ctx, me).await).await
}

#[server(prefix = "/api", endpoint = "new-request-options")]
pub async fn load_new_request_options(system: SystemId) -> Result<NewRequestOptions, AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::IssueRequests);
    as_user(allowed, async |ctx, me| {
        queries::new_request_options(ctx, me, system).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "approval-limits")]
pub async fn load_approval_limits() -> Result<LimitsPage, AppError> {
    as_user(COUNCIL_VIEW, async |ctx, me| limits::page(ctx, me).await).await
}

#[server(prefix = "/api", endpoint = "save-approval-limits")]
pub async fn save_approval_limits(
    #[server(default)] commissioner_limit: String,
    #[server(default)] approver_limit: String,
    #[server(default)] cabinet_threshold: String,
) -> Result<(), AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::ManageCouncilSettings);
    as_user(allowed, async |ctx, me| {
        limits::save(
            ctx,
            me,
            &commissioner_limit,
            &approver_limit,
            &cabinet_threshold,
        )
        .await
    })
    .await?;
    redirect("/council/approval-limits?saved=1")
}

#[server(prefix = "/api", endpoint = "provider-requests")]
pub async fn load_provider_requests(
    #[server(default)] page: i64,
) -> Result<Paged<ProviderRequestRow>, AppError> {
    as_user(PROVIDER, async |ctx, me| {
        queries::provider_list(ctx, me, page).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "provider-request")]
pub async fn load_provider_request(id: RequestId) -> Result<ProviderRequest, AppError> {
    as_user(PROVIDER, async |ctx, me| {
        queries::provider_request(ctx, me, id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "send-offer")]
pub async fn send_offer(
    id: RequestId,
    #[server(default)] weekly_price: String,
    #[server(default)] hourly_rate: String,
    #[server(default)] discount: String,
    #[server(default)] includes: String,
    #[server(default)] extra_kind: Vec<String>,
    #[server(default)] extra_amount: Vec<String>,
    #[server(default)] extra_reason: Vec<String>,
    #[server(default)] start_date: String,
    #[server(default)] area: String,
    #[server(default)] answers: Vec<String>,
    #[server(default)] staffing_ratio: String,
) -> Result<u32, AppError> {
    let form = OfferForm {
        weekly_price,
        hourly_rate,
        discount,
        includes,
        extra_kind,
        extra_amount,
        extra_reason,
        start_date,
        area,
        answers,
        staffing_ratio,
    };
    let version = as_user(PROVIDER, async |ctx, me| {
        answer::offer(ctx, me, id, &form).await
    })
    .await?;
    redirect(&format!("/provider/requests/{id}?sent={version}"))?;
    Ok(version)
}

#[server(prefix = "/api", endpoint = "withdraw-offer")]
pub async fn withdraw_offer(id: RequestId) -> Result<(), AppError> {
    as_user(PROVIDER, async |ctx, me| {
        answer::withdraw(ctx, me, id).await
    })
    .await?;
    redirect(&format!("/provider/requests/{id}?withdrawn=1"))
}

#[server(prefix = "/api", endpoint = "decline-request")]
pub async fn decline_request(
    id: RequestId,
    #[server(default)] decline_reason: String,
    #[server(default)] decline_detail: String,
) -> Result<(), AppError> {
    as_user(PROVIDER, async |ctx, me| {
        answer::decline(ctx, me, id, &decline_reason, &decline_detail).await
    })
    .await?;
    redirect(&format!("/provider/requests/{id}?declined=1"))
}

#[server(prefix = "/api", endpoint = "record-placement")]
pub async fn record_placement(
    #[server(default)] route: String,
    #[server(default)] provider_name: String,
    #[server(default)] justification: String,
    #[server(default)] weekly_price: String,
    #[server(default)] start_date: String,
    #[server(default)] end_date: String,
    #[server(default)] cabinet_reference: String,
) -> Result<PlacementId, AppError> {
    let form = direct::DirectForm {
        route,
        provider_name,
        justification,
        weekly_price,
        start_date,
        end_date,
        cabinet_reference,
    };
    let allowed = Allowed::Member(OrgKind::Council, Permission::AwardPlacements);
    let id = as_user(allowed, async |ctx, me| {
        direct::record(ctx, me, &form).await
    })
    .await?;
    redirect(&format!("/council/placements/{id}?recorded=1"))?;
    Ok(id)
}

#[server(prefix = "/api", endpoint = "council-placement")]
pub async fn load_placement(id: PlacementId) -> Result<PlacementDetail, AppError> {
    as_user(COUNCIL_VIEW, async |ctx, me| {
        queries::placement(ctx, me, id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "extend-placement")]
pub async fn extend_placement(
    id: PlacementId,
    #[server(default)] new_end_date: String,
    #[server(default)] cabinet_reference: String,
) -> Result<(), AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::AwardPlacements);
    as_user(allowed, async |ctx, me| {
        direct::extend(ctx, me, id, &new_end_date, &cabinet_reference).await
    })
    .await?;
    redirect(&format!("/council/placements/{id}?extended=1"))
}

#[server(prefix = "/api", endpoint = "vary-placement-price")]
pub async fn vary_placement_price(
    id: PlacementId,
    #[server(default)] new_weekly_price: String,
    #[server(default)] varied_from: String,
    #[server(default)] variation_cabinet_reference: String,
) -> Result<(), AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::AwardPlacements);
    as_user(allowed, async |ctx, me| {
        variation::vary_price(
            ctx,
            me,
            id,
            &new_weekly_price,
            &varied_from,
            &variation_cabinet_reference,
        )
        .await
    })
    .await?;
    redirect(&format!("/council/placements/{id}?varied=1"))
}
