//! What a page shows when its data cannot be loaded, with the matching HTTP status on
//! the server-rendered response.

use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Problem(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(error.status()),
    ) {
        response.set_status(code);
    }
    let (title, body) = match &error {
        AppError::Unauthenticated => ("You need to sign in", "Sign in to see this page.".to_string()),
        AppError::Forbidden => (
            "You do not have permission to see this page",
            "This page belongs to another organisation or needs a role you do not have. If you think you should have access, ask your organisation's administrator.".to_string(),
        ),
        AppError::NotFound => ("Page not found", "If you typed the web address, check it is correct.".to_string()),
        other => ("Sorry, there is a problem with the service", other.to_string()),
    };
    let sign_in = matches!(error, AppError::Unauthenticated);
    view! {
        <Title text=title />
        <h1 class="heading-l">{title}</h1>
        <p class="body">{body}</p>
        {sign_in.then(|| view! { <p class="body"><a href="/sign-in">"Sign in"</a></p> })}
    }
}
