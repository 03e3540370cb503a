//! The council's approval limits: who may award a placement of what whole-life value.
//! Every council user reads them; the council admin changes them.

use super::api::{load_approval_limits, SaveApprovalLimits};
use crate::components::form::{form_errors, ErrorSummary, TextField};
use crate::components::notice::QueryNotice;
use crate::components::problem::Problem;
use crate::placements::model::LimitsPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ApprovalLimitsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_approval_limits());
    view! {
        <Title text="Approval limits - OpenDPS" />
        <a href="/council/requests" class="back-link">"Back to placement requests"</a>
        <QueryNotice messages=&[("saved", "Approval limits saved. Awards from now on are routed with them.")] />
        <h1 class="heading-l">"Approval limits"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(limits) => view! { <Limits limits /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Limits(limits: LimitsPage) -> impl IntoView {
    let action = ServerAction::<SaveApprovalLimits>::new();
    let errors = form_errors(action);
    let pounds = |v: &str| format!("£{v}");
    view! {
        <p class="body">{format!(
            "A placement's whole-life value (weekly price × weeks, plus extras) decides who awards it. Up to {} a commissioner awards. Above that an approver awards, up to {}. From {} the approver must record the cabinet decision's reference. Above the approver's limit it cannot be awarded in the portal.{}",
            pounds(&limits.commissioner), pounds(&limits.approver), pounds(&limits.cabinet),
            if limits.is_default { " These are the portal's defaults." } else { "" }
        )}</p>
        {limits.can_edit.then(|| view! {
            <h2 class="heading-m" id="edit">"Change the limits"</h2>
            <ErrorSummary errors />
            <ActionForm action attr:novalidate="true" attr:aria-labelledby="edit">
                <TextField name="commissioner_limit" label="Commissioner's limit, in pounds" errors value=limits.commissioner.clone() />
                <TextField name="approver_limit" label="Approver's delegated limit, in pounds" errors value=limits.approver.clone() />
                <TextField name="cabinet_threshold" label="Cabinet decision threshold, in pounds" errors value=limits.cabinet.clone() />
                <button type="submit" class="button">"Save the limits"</button>
            </ActionForm>
        })}
    }
}
