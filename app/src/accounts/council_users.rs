//! The council dashboard: the council's people and their roles. A council admin invites
//! users with roles, changes roles and removes users; every council role can see the
//! list; council admins and auditors reach the audit log.

use super::types::Member;
use crate::auth::{roles::Role, user::CurrentUser};
use crate::components::form::{form_errors, ErrorSummary, Hidden, TextField};
use crate::components::notice::QueryNotice;
use crate::components::problem::Problem;
use crate::error::{AppError, FormErrors};
use crate::ids::UserId;
use crate::systems::model::LedSystem;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::{
        fields::EmailAddress,
        service::{invitations, members},
    },
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission},
    },
    crate::service::{as_user, redirect},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilOverview {
    pub me: CurrentUser,
    pub members: Vec<Member>,
    pub can_manage: bool,
    pub can_read_audit: bool,
    pub can_see_failed_work: bool,
    /// Applications past their legal decision date, and those due within 2 working days.
    pub reviews_overdue: usize,
    pub reviews_due_soon: usize,
    pub reviews_waiting: usize,
    /// The systems the council leads, with their compliance pages.
    pub systems: Vec<LedSystem>,
}

/// The roles ticked on a form: one optional field per role, because a plain HTML form
/// sends nothing for an unticked box.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleChoice {
    pub council_admin: Option<String>,
    pub commissioner: Option<String>,
    pub evaluator: Option<String>,
    pub approver: Option<String>,
    pub auditor: Option<String>,
}

impl RoleChoice {
    pub fn roles(&self) -> Vec<Role> {
        [
            (&self.council_admin, Role::CouncilAdmin),
            (&self.commissioner, Role::Commissioner),
            (&self.evaluator, Role::Evaluator),
            (&self.approver, Role::Approver),
            (&self.auditor, Role::Auditor),
        ]
        .into_iter()
        .filter(|(ticked, _)| ticked.is_some())
        .map(|(_, role)| role)
        .collect()
    }

    /// At least one role, or the message for the roles fieldset.
    pub fn parse(&self) -> Result<Vec<Role>, FormErrors> {
        let roles = self.roles();
        if roles.is_empty() {
            return Err(FormErrors::one("council_admin", "Select at least one role"));
        }
        Ok(roles)
    }
}

#[cfg(feature = "ssr")]
const MANAGE: Allowed = Allowed::Member(OrgKind::Council, Permission::ManageCouncilUsers);

#[server(prefix = "/api", endpoint = "council-dashboard")]
pub async fn council_dashboard() -> Result<CouncilOverview, AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::ViewCouncilUsers);
    as_user(allowed, async |ctx, me| {
        let (waiting, overdue, due_soon) =
            crate::reviews::service::queries::counts(ctx, me).await?;
        let systems = if me.can(Permission::ViewSystems) {
            crate::systems::service::queries::led(ctx, me).await?
        } else {
            Vec::new()
        };
        Ok(CouncilOverview {
            systems,
            reviews_overdue: overdue,
            reviews_due_soon: due_soon,
            reviews_waiting: waiting,
            members: members::list(ctx, me).await?,
            can_manage: me.can(Permission::ManageCouncilUsers),
            can_read_audit: me.can(Permission::ReadAuditLog),
            can_see_failed_work: me.can(Permission::SeeFailedJobs),
            me: me.clone(),
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "invite-council-user")]
pub async fn invite_council_user(
    email: String,
    #[server(default)] roles: RoleChoice,
) -> Result<(), AppError> {
    let mut errors = FormErrors::new()
        .keep("email", &email)
        .keep_ticked("roles", roles.roles().iter().map(|r| r.as_str()));
    let parsed = EmailAddress::parse(&email).map_err(|m| errors.add("email", m));
    let chosen = roles.parse().map_err(|e| errors.errors.extend(e.errors));
    let input = match (parsed, chosen) {
        (Ok(email), Ok(chosen)) => Ok((email, chosen)),
        _ => Err(AppError::Invalid(errors)),
    };
    as_user(MANAGE, async |ctx, me| {
        let (email, chosen) = input?;
        invitations::invite(ctx, me, &email, &chosen).await
    })
    .await?;
    redirect("/council?invited=1")
}

/// One member of the signed-in user's council, for the change-roles page.
#[server(prefix = "/api", endpoint = "council-member")]
pub async fn council_member(user_id: UserId) -> Result<Member, AppError> {
    as_user(MANAGE, async |ctx, me| {
        members::member(ctx, me, user_id).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "set-council-roles")]
pub async fn set_council_roles(
    user_id: UserId,
    #[server(default)] roles: RoleChoice,
) -> Result<(), AppError> {
    let chosen = roles.parse().map_err(AppError::Invalid);
    as_user(MANAGE, async |ctx, me| {
        members::set_roles(ctx, me, user_id, &chosen?).await
    })
    .await?;
    redirect("/council?roles_changed=1")
}

#[server(prefix = "/api", endpoint = "remove-council-user")]
pub async fn remove_council_user(user_id: UserId) -> Result<(), AppError> {
    let permission = Permission::ManageCouncilUsers;
    as_user(MANAGE, async |ctx, me| {
        members::remove(ctx, me, permission, user_id).await
    })
    .await?;
    redirect("/council?removed=1")
}

/// Checkboxes for the council roles; `ticked` are pre-selected.
#[component]
fn RoleCheckboxes(errors: Signal<Option<FormErrors>>, ticked: Vec<Role>) -> impl IntoView {
    let error = move || {
        errors
            .get()
            .and_then(|e| e.message_for("council_admin").map(str::to_string))
    };
    view! {
        <div class="form-group" class:form-group--error=move || error().is_some()>
            <fieldset class="fieldset" aria-describedby="roles-hint">
                <legend class="fieldset__legend">"Roles"</legend>
                <div class="hint" id="roles-hint">"Select all that apply"</div>
                {move || error().map(|m| view! {
                    <p class="error-message" id="roles-error"><span class="visually-hidden">"Error: "</span>{m}</p>
                })}
                <div class="checkboxes">
                    {Role::COUNCIL.into_iter().map(|role| {
                        let name = role.as_str();
                        let id = if role == Role::CouncilAdmin { name.to_string() } else { format!("role-{name}") };
                        let default = ticked.contains(&role);
                        let checked = move || {
                            errors
                                .with(|e| e.as_ref().and_then(|e| e.ticked_for("roles").map(|t| t.contains(&name))))
                                .unwrap_or(default)
                        };
                        view! {
                            <div class="checkboxes__item">
                                <input class="checkboxes__input" type="checkbox" id=id.clone() name=format!("roles[{name}]") value="yes" checked=checked />
                                <label class="label checkboxes__label" for=id>{role.label()}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

#[component]
pub fn CouncilDashboardPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| council_dashboard());
    view! {
        <Title text="Your council - OpenDPS" />
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(dashboard) => {
                        let can_manage = dashboard.can_manage;
                        view! {
                            <QueryNotice messages=&[("invited", "Invitation sent. It expires in 7 days."), ("removed", "User removed. They have been signed out."), ("roles_changed", "Roles changed.")] />
                            <span class="caption-l">{dashboard.me.organisation_name.clone()}</span>
                            <h1 class="heading-l">"Your council"</h1>
                            <p class="body">{format!("Your roles: {}", dashboard.me.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", "))}</p>
                            <p class="body"><a href="/council/systems">"Purchasing systems"</a></p>
                            <p class="body"><a href="/council/requests">"Placement requests"</a>" and "<a href="/council/placements">"placements"</a></p>
                            <LedSystems systems=dashboard.systems.clone() />
                            <h2 class="heading-m">"Applications"</h2>
                            <p class="body">
                                <a href="/council/reviews">{format!("{} applications awaiting a decision", dashboard.reviews_waiting)}</a>
                                {(dashboard.reviews_overdue > 0).then(|| view! { " " <strong class="tag tag--red">{format!("{} past the legal decision date", dashboard.reviews_overdue)}</strong> })}
                                {(dashboard.reviews_due_soon > 0).then(|| view! { " " <strong class="tag tag--yellow">{format!("{} due within 2 working days", dashboard.reviews_due_soon)}</strong> })}
                            </p>
                            {dashboard.can_read_audit.then(|| view! {
                                <p class="body"><a href="/council/audit">"Audit log"</a></p>
                            })}
                            {dashboard.can_see_failed_work.then(|| view! {
                                <p class="body"><a href="/council/failed-work">"Failed background work"</a></p>
                            })}
                            <h2 class="heading-m">"Users and roles"</h2>
                            <table class="table">
                                <caption class="visually-hidden">"Users of your council and their roles"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Name"</th>
                                        <th scope="col">"Email"</th>
                                        <th scope="col">"Roles"</th>
                                        <th scope="col">"Status"</th>
                                        {can_manage.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                                    </tr>
                                </thead>
                                <tbody>
                                    {dashboard.members.into_iter().map(|m| {
                                        let roles = m.role_labels();
                                        let href = format!("/council/users/{}", m.user_id);
                                        view! {
                                            <tr>
                                                <td>{m.display_name()}</td>
                                                <td>{m.email.clone()}</td>
                                                <td>{roles}</td>
                                                <td>{if m.joined { "Active" } else { "Invited" }}</td>
                                                {can_manage.then(|| view! {
                                                    <td><a href=href>"Change"<span class="visually-hidden">{format!(" roles of {}", m.email)}</span></a></td>
                                                })}
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            {can_manage.then(|| view! { <InviteCouncilUserForm /> })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The systems the council leads: where each stands, its compliance page, and a DPS's
/// end under the 2015 Regulations with its successor.
#[component]
fn LedSystems(systems: Vec<LedSystem>) -> impl IntoView {
    (!systems.is_empty()).then(|| view! {
        <h2 class="heading-m">"Systems you lead"</h2>
        <table class="table">
            <caption class="visually-hidden">"Systems you lead, with their compliance pages"</caption>
            <thead>
                <tr>
                    <th scope="col">"System"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Compliance"</th>
                    <th scope="col">"End of the 2015 Regulations"</th>
                </tr>
            </thead>
            <tbody>
                {systems.into_iter().map(|s| {
                    let href = format!("/council/systems/{}", s.id);
                    let status = if s.accepting { "Open to applications".to_string() } else { s.status.label().to_string() };
                    let ending = match s.ending {
                        None => view! { "-" }.into_any(),
                        Some(e) => {
                            let said = if e.closed { format!("Closed after {}", e.last_day) } else { format!("Must close after {}", e.last_day) };
                            let next = match (e.successor, e.can_draft) {
                                (Some((next, reference)), _) => view! { ". Successor: "<a href=format!("/council/systems/{next}")>{reference}</a> }.into_any(),
                                (None, true) => view! { ". "<a href=format!("{href}#ending-heading")>"Draft its successor"<span class="visually-hidden">{format!(" for {}", s.reference)}</span></a> }.into_any(),
                                (None, false) => view! { ". No successor drafted yet" }.into_any(),
                            };
                            view! { {said}{next} }.into_any()
                        }
                    };
                    view! {
                        <tr>
                            <td><a href=href.clone()>{format!("{} {}", s.reference, s.title)}</a></td>
                            <td>{status}</td>
                            <td><a href=format!("{href}/compliance")>"Compliance"<span class="visually-hidden">{format!(" of {}", s.reference)}</span></a></td>
                            <td>{ending}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    })
}

#[component]
pub fn CouncilUserPage() -> impl IntoView {
    let params = use_params_map();
    let user_id = move || {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<UserId>().ok())
                .unwrap_or(UserId(0))
        })
    };
    // Removing is a plain form post: the council page shows the outcome.
    let remove = ServerAction::<RemoveCouncilUser>::new();
    let remove_errors = form_errors(remove);
    let member = Resource::new(user_id, council_member);
    view! {
        <Title text="Change roles - OpenDPS" />
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match member.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(m) => {
                        let remove_id = m.user_id.to_string();
                        let name = if m.full_name.is_empty() { m.email.clone() } else { m.full_name.clone() };
                        view! {
                            <a href="/council" class="back-link">"Back to your council"</a>
                            <ErrorSummary errors=remove_errors />
                            <CouncilRolesForm user_id=m.user_id email=m.email.clone() name ticked=m.roles.clone() />
                            <h2 class="heading-m">"Remove this user"</h2>
                            <p class="body">"They will be signed out and can no longer sign in. Their actions stay in the audit log."</p>
                            <ActionForm action=remove>
                                <Hidden name="user_id" value=remove_id />
                                <button type="submit" class="button button--warning">"Remove user"</button>
                            </ActionForm>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The invitation form, enhanced in the browser: errors appear without a page load.
#[island]
fn InviteCouncilUserForm() -> impl IntoView {
    let invite = ServerAction::<InviteCouncilUser>::new();
    let invite_errors = form_errors(invite);
    view! {
        <h2 class="heading-m" id="invite-heading">"Invite a user"</h2>
        <ErrorSummary errors=invite_errors />
        <ActionForm action=invite attr:novalidate="true" attr:aria-labelledby="invite-heading">
            <TextField name="email" label="Email address" kind="email" spellcheck_off=true errors=invite_errors />
            <RoleCheckboxes errors=invite_errors ticked=vec![] />
            <button type="submit" class="button">"Send invitation"</button>
        </ActionForm>
    }
}

/// The roles form, enhanced in the browser: errors appear without a page load.
#[island]
fn CouncilRolesForm(
    user_id: UserId,
    email: String,
    name: String,
    ticked: Vec<Role>,
) -> impl IntoView {
    let set_roles = ServerAction::<SetCouncilRoles>::new();
    let role_errors = form_errors(set_roles);
    view! {
        <ErrorSummary errors=role_errors />
        <span class="caption-l">{email}</span>
        <h1 class="heading-l">{format!("Change roles of {name}")}</h1>
        <ActionForm action=set_roles>
            <Hidden name="user_id" value=user_id.to_string() />
            <RoleCheckboxes errors=role_errors ticked />
            <button type="submit" class="button">"Save roles"</button>
        </ActionForm>
    }
}
