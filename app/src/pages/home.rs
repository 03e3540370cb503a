use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="OpenDPS - buy children's and adults' social care through a Dynamic Purchasing System" />
        <div class="grid-row">
            <div class="column-two-thirds">
                <h1 class="heading-xl">"Buy and provide social care through a Dynamic Purchasing System"</h1>
                <p class="body-l">
                    "Care providers apply to join a council's purchasing system, keep their quality evidence up to date and answer placement requests. Council staff admit providers, run call-offs and award placements."
                </p>
                <a href="/sign-in" class="button button--start" role="button" draggable="false">
                    "Sign in"
                </a>
                <h2 class="heading-m">"Care providers"</h2>
                <p class="body">
                    <a href="/sign-up">"Create an account for your organisation"</a>
                    " to apply to a purchasing system. You will be its administrator and can invite colleagues."
                </p>
                <p class="body">
                    <a href="/systems">"See the purchasing systems open to applications"</a>
                </p>
                <h2 class="heading-m">"Council staff"</h2>
                <p class="body">"Your council's administrator invites you by email."</p>
            </div>
        </div>
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found - OpenDPS" />
        <h1 class="heading-l">"Page not found"</h1>
        <p class="body">"If you typed the web address, check it is correct."</p>
        <p class="body">"If you pasted the web address, check you copied the entire address."</p>
    }
}
