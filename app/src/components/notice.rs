use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A success banner picked by the query parameter that a redirect after success adds,
/// e.g. `?invited=1`, so it shows with or without JavaScript.
#[component]
pub fn QueryNotice(messages: &'static [(&'static str, &'static str)]) -> impl IntoView {
    let query = use_query_map();
    move || {
        query
            .with(|q| {
                messages
                    .iter()
                    .find(|(key, _)| q.get(key).is_some())
                    .map(|(_, text)| *text)
            })
            .map(|text| {
                view! {
                    <div class="notification notification--success" role="status">
                        <p class="body">{text}</p>
                    </div>
                }
            })
    }
}
