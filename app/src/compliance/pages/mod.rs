//! The compliance pages: the provider's standing in each system it belongs to, and each
//! system's compliance for the council leading it.

pub mod council;
pub mod declaration;
pub mod provider;

use crate::error::FormErrors;
use leptos::prelude::*;

/// A message beside a field whose id is made per row (one form per item or suspension).
#[component]
pub fn RowError(errors: Signal<Option<FormErrors>>, field: String) -> impl IntoView {
    let id = format!("{field}-error");
    move || {
        errors
            .get()
            .and_then(|e| e.message_for(&field).map(str::to_string))
            .map(|m| view! { <p class="error-message" id=id.clone()><span class="visually-hidden">"Error: "</span>{m}</p> })
    }
}
