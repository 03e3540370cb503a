//! The frame of every page: skip link, header with the service name and sign-in state,
//! main landmark, footer with the accessibility statement and privacy notice.

use crate::auth::header::{who_am_i, SignOut};
use leptos::prelude::*;
use leptos_meta::Title;

pub const SERVICE_NAME: &str = "OpenDPS";

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a href="#main-content" class="skip-link">
            "Skip to main content"
        </a>
        <Header />
        <div class="width-container">
            <main class="main-wrapper" id="main-content" tabindex="-1">
                {children()}
            </main>
        </div>
        <Footer />
    }
}

/// A page of one narrow column, as forms are laid out, titled `title`.
#[component]
pub fn FormPage(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <Title text=format!("{title} - {SERVICE_NAME}") />
        <div class="grid-row">
            <div class="column-two-thirds">{children()}</div>
        </div>
    }
}

#[component]
fn Header() -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    // Rendered on the server for each page load, so it always shows the current user.
    let me = Resource::new(|| (), |_| who_am_i());
    view! {
        <header class="header" role="banner">
            <div class="header__container width-container">
                <a href="/" class="header__service-name">
                    {SERVICE_NAME}
                </a>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match me.await {
                            Ok(Some(user)) => {
                                let home = user.home();
                                view! {
                                    <nav class="header__nav" aria-label="Account">
                                        <ul class="header__list">
                                            <li>
                                                <a href=home class="header__link">
                                                    {user.full_name.clone()}
                                                    <span class="header__org">
                                                        {format!(" ({})", user.organisation_name)}
                                                    </span>
                                                </a>
                                            </li>
                                            <li>
                                                <a href="/account/password" class="header__link">
                                                    "Change password"
                                                </a>
                                            </li>
                                            <li>
                                                <ActionForm action=sign_out attr:class="header__form">
                                                    <button type="submit" class="header__button">
                                                        "Sign out"
                                                    </button>
                                                </ActionForm>
                                            </li>
                                        </ul>
                                    </nav>
                                }
                                    .into_any()
                            }
                            _ => {
                                view! {
                                    <nav class="header__nav" aria-label="Account">
                                        <ul class="header__list">
                                            <li>
                                                <a href="/sign-in" class="header__link">
                                                    "Sign in"
                                                </a>
                                            </li>
                                        </ul>
                                    </nav>
                                }
                                    .into_any()
                            }
                        }
                    })}
                </Suspense>
            </div>
        </header>
        <div class="width-container">
            <div class="phase-banner">
                <strong class="tag">"Beta"</strong>
                <span>"This is a new service. Your organisation's feedback helps us improve it."</span>
            </div>
        </div>
    }
}

#[component]
fn Footer() -> impl IntoView {
    view! {
        <footer class="footer" role="contentinfo">
            <div class="width-container">
                <h2 class="visually-hidden">"Support links"</h2>
                <ul class="footer__list">
                    <li>
                        <a href="/accessibility" class="footer__link">
                            "Accessibility statement"
                        </a>
                    </li>
                    <li>
                        <a href="/privacy" class="footer__link">
                            "Privacy notice"
                        </a>
                    </li>
                </ul>
                <p class="footer__meta">
                    "OpenDPS is open-source software for councils buying care through a Dynamic Purchasing System."
                </p>
            </div>
        </footer>
    }
}
