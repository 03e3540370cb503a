//! The provider's application pages: the list, the task list, one page per task, and
//! check-your-answers with the declaration. Plain server-rendered forms: every page
//! works without JavaScript and adds nothing to the WebAssembly.

// A plain HTML form posts one field per argument, and the `#[server]` macro copies the
// arguments into code of its own, where an allow on the function does not reach.
#![allow(clippy::too_many_arguments)]

pub mod check;
pub mod evidence;
pub mod list;
pub mod lots;
pub mod organisation;
pub mod question_field;
pub mod section;
pub mod task_list;

use crate::applications::model::ApplicationPage;
use crate::components::problem::Problem;
use crate::error::AppError;
use crate::ids::ApplicationId;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[cfg(feature = "ssr")]
use {
    crate::applications::service::queries,
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission},
    },
    crate::service::as_user,
};

#[cfg(feature = "ssr")]
pub(crate) const APPLY: Allowed = Allowed::Member(OrgKind::Provider, Permission::ApplyToSystems);

#[server(prefix = "/api", endpoint = "load-application")]
pub async fn load_application(id: ApplicationId) -> Result<ApplicationPage, AppError> {
    as_user(APPLY, async |ctx, me| queries::page(ctx, me, id).await).await
}

/// The application id of the page's address (`:id`); an address that is not a number
/// reads as an application that does not exist.
pub fn application_id_param() -> impl Fn() -> ApplicationId + Send + Sync + Copy + 'static {
    let params = use_params_map();
    move || {
        params.with(|p| {
            p.get("id")
                .and_then(|v| v.parse().ok())
                .unwrap_or(ApplicationId(0))
        })
    }
}

/// Loads the page's application and renders `body` with it.
#[component]
pub fn WithApplication<V: IntoView + 'static>(body: fn(ApplicationPage) -> V) -> impl IntoView {
    let id = application_id_param();
    let data = Resource::new(id, load_application);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(page) => body(page).into_any(),
                }
            })}
        </Suspense>
    }
}

/// What a submitted application's task pages say instead of a form.
#[component]
pub fn Frozen(page: ApplicationPage) -> impl IntoView {
    view! {
        <p class="body">"This application has been submitted: its answers can no longer change."</p>
        <p class="body"><a href=page.base() class="button">"View your application"</a></p>
    }
}
