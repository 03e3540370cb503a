//! Previous and next links for a list read a page at a time, so that a long list
//! stays fast and works without JavaScript (plain links with `?page=`).

use leptos::prelude::*;

/// The page asked for in the query (`?page=3`), counted from 1; anything else is 1.
pub fn page_from(query: Option<String>) -> i64 {
    query
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

#[component]
pub fn Pager(base: &'static str, page: i64, more: bool, label: &'static str) -> impl IntoView {
    (page > 1 || more).then(|| {
        view! {
            <nav class="pagination" aria-label=label>
                {(page > 1).then(|| view! { <a href=format!("{base}?page={}", page - 1) rel="prev" class="pagination__link">"Previous page"</a> })}
                " "<span>{format!("Page {page}")}</span>" "
                {more.then(|| view! { <a href=format!("{base}?page={}", page + 1) rel="next" class="pagination__link">"Next page"</a> })}
            </nav>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::page_from;

    #[test]
    fn page_from_query_defaults_to_the_first_page() {
        assert_eq!(page_from(None), 1);
        assert_eq!(page_from(Some("0".into())), 1);
        assert_eq!(page_from(Some("-4".into())), 1);
        assert_eq!(page_from(Some("two".into())), 1);
        assert_eq!(page_from(Some("3".into())), 3);
    }
}
