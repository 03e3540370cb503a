//! OpenDPS: the Leptos app. Pages, components, server functions and domain rules,
//! organised by feature. Server-only code (data access, sessions, email queue) is
//! behind the `ssr` feature and never reaches the WebAssembly bundle.

pub mod accounts;
pub mod app;
pub mod applications;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod compliance;
pub mod components;
pub mod council_settings;
pub mod error;
pub mod evidence;
pub mod ids;
pub mod jobs;
pub mod mail;
pub mod money;
pub mod pages;
pub mod placements;
pub mod reviews;
pub mod systems;

#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod secret;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod storage;

/// Islands mode: pages are plain server-rendered HTML and only the forms (`#[island]`)
/// run in the browser, which keeps the WebAssembly small.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // The loader hydrates the islands right after this returns, within the same task,
    // so a zero timeout runs once they are live. The mark lets end-to-end tests tell an
    // enhanced page from a plain HTML one.
    leptos::prelude::set_timeout(
        || {
            if let Some(root) = leptos::prelude::document().document_element() {
                let _ = root.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}
