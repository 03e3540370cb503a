//! The provider dashboard: the organisation and its people. A provider admin invites
//! colleagues by email and removes them.

use super::types::Member;
use crate::auth::user::CurrentUser;
use crate::components::form::{form_errors, ErrorSummary, Hidden, TextField};
use crate::components::notice::QueryNotice;
use crate::components::problem::Problem;
use crate::error::AppError;
use crate::ids::UserId;
use leptos::prelude::*;
use leptos_meta::Title;

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::{
        fields::EmailAddress,
        service::{invitations, members},
    },
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission, Role},
    },
    crate::error::FormErrors,
    crate::service::{as_user, redirect},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderOverview {
    pub me: CurrentUser,
    pub members: Vec<Member>,
    pub can_manage: bool,
    /// Suspensions, expiring evidence and declarations to renew, most serious first.
    pub attention: Vec<String>,
}

#[server(prefix = "/api", endpoint = "provider-dashboard")]
pub async fn provider_dashboard() -> Result<ProviderOverview, AppError> {
    let allowed = Allowed::Member(OrgKind::Provider, Permission::ViewProviderColleagues);
    as_user(allowed, async |ctx, me| {
        let attention = if me.can(Permission::ApplyToSystems) {
            let page = crate::compliance::service::queries::provider(ctx, me).await?;
            crate::compliance::attention::to_do(&page)
        } else {
            Vec::new()
        };
        Ok(ProviderOverview {
            attention,
            members: members::list(ctx, me).await?,
            can_manage: me.can(Permission::ManageProviderColleagues),
            me: me.clone(),
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "invite-colleague")]
pub async fn invite_colleague(email: String) -> Result<(), AppError> {
    let parsed = EmailAddress::parse(&email)
        .map_err(|m| AppError::Invalid(FormErrors::one("email", m).keep("email", &email)));
    let allowed = Allowed::Member(OrgKind::Provider, Permission::ManageProviderColleagues);
    as_user(allowed, async |ctx, me| {
        invitations::invite(ctx, me, &parsed?, &[Role::ProviderUser]).await
    })
    .await?;
    redirect("/provider?invited=1")
}

#[server(prefix = "/api", endpoint = "remove-colleague")]
pub async fn remove_colleague(user_id: UserId) -> Result<(), AppError> {
    let permission = Permission::ManageProviderColleagues;
    let allowed = Allowed::Member(OrgKind::Provider, permission);
    as_user(allowed, async |ctx, me| {
        members::remove(ctx, me, permission, user_id).await
    })
    .await?;
    redirect("/provider?removed=1")
}

/// What needs doing, where it cannot be missed; the compliance page says how.
#[component]
fn Attention(items: Vec<String>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <div class="notification notification--warning" role="region" aria-labelledby="attention">
                <h2 class="heading-m" id="attention">"Needs your attention"</h2>
                <ul class="list list--bullet">{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                <p class="body"><a href="/provider/compliance">"See your compliance and send what is needed"</a></p>
            </div>
        }
    })
}

#[component]
pub fn ProviderDashboardPage() -> impl IntoView {
    // Removing is a plain form post: the page reloads with the list and the notice.
    let remove = ServerAction::<RemoveColleague>::new();
    let remove_errors = form_errors(remove);
    let data = Resource::new(|| (), |_| provider_dashboard());
    view! {
        <Title text="Your organisation - OpenDPS" />
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(dashboard) => {
                        let me_id = dashboard.me.user_id;
                        let can_manage = dashboard.can_manage;
                        view! {
                            <QueryNotice messages=&[("invited", "Invitation sent. It expires in 7 days."), ("removed", "Colleague removed. They have been signed out.")] />
                            <ErrorSummary errors=remove_errors />
                            <span class="caption-l">{dashboard.me.organisation_name.clone()}</span>
                            <h1 class="heading-l">"Your organisation"</h1>
                            <Attention items=dashboard.attention.clone() />
                            <h2 class="heading-m">"Placements"</h2>
                            <ul class="list">
                                <li><a href="/provider/requests">"Placement requests"</a>" councils have sent you, with the time left to offer"</li>
                                <li><a href="/provider/placements">"Your placements"</a>": the contracts awarded to you, and the hours delivered in block arrangements"</li>
                            </ul>
                            <h2 class="heading-m">"Applications and evidence"</h2>
                            <ul class="list">
                                <li><a href="/provider/applications">"Your applications"</a>" to purchasing systems, with their status and decision dates"</li>
                                <li><a href="/provider/evidence">"Evidence library"</a>": certificates, policies and registrations, kept once for every council"</li>
                                <li><a href="/provider/compliance">"Compliance"</a>": your standing in each system and lot, and when each accepted item expires"</li>
                                <li><a href="/systems">"Open purchasing systems"</a>" you can apply to"</li>
                            </ul>
                            <h2 class="heading-m">"People"</h2>
                            <table class="table">
                                <caption class="visually-hidden">"People in your organisation"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Name"</th>
                                        <th scope="col">"Email"</th>
                                        <th scope="col">"Role"</th>
                                        <th scope="col">"Status"</th>
                                        {can_manage.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                                    </tr>
                                </thead>
                                <tbody>
                                    {dashboard.members.into_iter().map(|m| {
                                        let roles = m.role_labels();
                                        let removable = can_manage && m.user_id != me_id;
                                        let label = format!("Remove {}", m.email);
                                        view! {
                                            <tr>
                                                <td>{m.display_name()}</td>
                                                <td>{m.email.clone()}</td>
                                                <td>{roles}</td>
                                                <td>{if m.joined { "Active" } else { "Invited" }}</td>
                                                {can_manage.then(|| view! {
                                                    <td>
                                                        {removable.then(|| view! {
                                                            <ActionForm action=remove>
                                                                <Hidden name="user_id" value=m.user_id.to_string() />
                                                                <button type="submit" class="button button--warning button--small" aria-label=label>
                                                                    "Remove"
                                                                </button>
                                                            </ActionForm>
                                                        })}
                                                    </td>
                                                })}
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            {can_manage.then(|| view! { <InviteColleagueForm /> })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The invitation form, enhanced in the browser: errors appear without a page load.
#[island]
fn InviteColleagueForm() -> impl IntoView {
    let invite = ServerAction::<InviteColleague>::new();
    let invite_errors = form_errors(invite);
    view! {
        <h2 class="heading-m" id="invite-heading">"Invite a colleague"</h2>
        <ErrorSummary errors=invite_errors />
        <ActionForm action=invite attr:novalidate="true" attr:aria-labelledby="invite-heading">
            <TextField
                name="email"
                label="Colleague's email address"
                hint="We will email them a link to join your organisation"
                kind="email"
                spellcheck_off=true
                errors=invite_errors
            />
            <button type="submit" class="button">"Send invitation"</button>
        </ActionForm>
    }
}
