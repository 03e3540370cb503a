//! The server functions for what follows an award: a provider's placements and the
//! hours it delivered, and the person's details kept or erased. Each parses its input,
//! names who may call it and hands over to the service, which checks the scope.

use crate::error::AppError;
use crate::ids::{PlacementId, RequestId};
use crate::placements::model::{
    PersonPage, ProviderPlacement, ProviderPlacementRow, RetentionPage,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission},
    },
    crate::placements::service::{block_hours, provider_placements, queries, retention},
    crate::service::{as_user, redirect},
};

#[cfg(feature = "ssr")]
const PROVIDER: Allowed = Allowed::Member(OrgKind::Provider, Permission::AnswerRequests);

/// The person's identifying details, for the council that made the request; every
/// call that shows them is logged.
#[server(prefix = "/api", endpoint = "request-person")]
pub async fn load_request_person(id: RequestId) -> Result<PersonPage, AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::ViewRequests);
    as_user(allowed, async |ctx, me| {
        queries::person_page(ctx, me, id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "erase-person")]
pub async fn erase_person(
    id: RequestId,
    #[server(default)] erase_reason: String,
) -> Result<(), AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::IssueRequests);
    as_user(allowed, async |ctx, me| {
        retention::erase_now(ctx, me, id, &erase_reason).await
    })
    .await?;
    redirect(&format!("/council/requests/{id}/person?erased=1"))
}

#[server(prefix = "/api", endpoint = "person-retention")]
pub async fn load_retention() -> Result<RetentionPage, AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::ViewRequests);
    as_user(allowed, async |ctx, me| retention::page(ctx, me).await).await
}

#[server(prefix = "/api", endpoint = "save-person-retention")]
pub async fn save_retention(#[server(default)] months: String) -> Result<(), AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::ManageCouncilSettings);
    as_user(allowed, async |ctx, me| {
        retention::save(ctx, me, &months).await
    })
    .await?;
    redirect("/council/person-retention?saved=1")
}

#[server(prefix = "/api", endpoint = "provider-placements")]
pub async fn load_provider_placements() -> Result<Vec<ProviderPlacementRow>, AppError> {
    as_user(PROVIDER, async |ctx, me| {
        provider_placements::list(ctx, me).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "provider-placement")]
pub async fn load_provider_placement(id: PlacementId) -> Result<ProviderPlacement, AppError> {
    as_user(PROVIDER, async |ctx, me| {
        provider_placements::one(ctx, me, id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "record-hours")]
pub async fn record_hours(
    id: PlacementId,
    #[server(default)] week: String,
    #[server(default)] hours: String,
) -> Result<(), AppError> {
    as_user(PROVIDER, async |ctx, me| {
        block_hours::record(ctx, me, id, &week, &hours).await
    })
    .await?;
    redirect(&format!("/provider/placements/{id}?recorded=1"))
}
