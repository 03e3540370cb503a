//! An offer's content as a summary list: the council reads it after the deadline,
//! the provider reads its own latest version.

use crate::placements::model::OfferContent;
use leptos::prelude::*;

fn content_rows(content: &OfferContent) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    if let Some(weekly) = &content.weekly_price {
        rows.push(("Weekly price", weekly.clone()));
    }
    if let Some(hourly) = &content.hourly_rate {
        rows.push(("Hourly rate", hourly.clone()));
        rows.push((
            "Discount for guaranteed hours",
            content.discount_percent.clone(),
        ));
    }
    rows.push(("Whole-life value", content.value.clone()));
    rows.push(("What the price includes", content.includes.clone()));
    for extra in &content.extras {
        let kind = if extra.kind == "weekly" {
            "a week"
        } else {
            "once"
        };
        rows.push((
            "Extra",
            format!("{} {kind}: {}", extra.amount, extra.reason),
        ));
    }
    rows.push((
        "Could start",
        crate::placements::model::long_date_text(&content.start_date),
    ));
    rows.push(("Area of the home or service", content.area.clone()));
    rows.push(("Staffing ratio", content.staffing_ratio.clone()));
    rows
}

#[component]
pub fn OfferSummary(content: OfferContent) -> impl IntoView {
    view! {
        <dl class="summary-list">
            {content_rows(&content).into_iter().map(|(key, value)| view! {
                <div class="summary-list__row">
                    <dt class="summary-list__key">{key}</dt>
                    <dd class="summary-list__value">{value}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}
