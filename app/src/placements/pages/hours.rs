//! A block arrangement's hours, week by week, against the hours guaranteed: shown to
//! the provider that records them and to the council that pays for them.

use crate::placements::model::BlockHours;
use leptos::prelude::*;

#[component]
pub fn HoursTable(hours: BlockHours) -> impl IntoView {
    let rows = [
        ("The arrangement", hours.terms.clone()),
        (
            "Hours delivered in the weeks recorded",
            hours.delivered.clone(),
        ),
        ("Hours guaranteed in those weeks", hours.guaranteed.clone()),
        ("Guaranteed hours not used", hours.unused.clone()),
        ("Cost of the weeks recorded", hours.charge.clone()),
    ];
    view! {
        <h2 class="heading-m" id="hours-delivered">"Hours delivered"</h2>
        <p class="body">"The guaranteed hours are paid for each week whether used or not, at the discounted rate; hours delivered beyond them are paid at the full rate."</p>
        <dl class="summary-list">
            {rows.into_iter().map(|(k, v)| view! {
                <div class="summary-list__row"><dt class="summary-list__key">{k}</dt><dd class="summary-list__value">{v}</dd></div>
            }).collect_view()}
        </dl>
        {if hours.weeks.is_empty() {
            view! { <p class="body">"No week of the arrangement is over yet."</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <caption class="visually-hidden">"Hours delivered each week, newest first"</caption>
                    <thead><tr>
                        <th scope="col">"Week"</th><th scope="col">"Hours delivered"</th>
                        <th scope="col">"Cost"</th><th scope="col">"Note"</th>
                    </tr></thead>
                    <tbody>
                        {hours.weeks.into_iter().map(|w| view! {
                            <tr>
                                <td>{w.week}</td>
                                <td>{w.delivered.unwrap_or_else(|| "—".into())}</td>
                                <td>{w.charge.unwrap_or_else(|| "—".into())}</td>
                                <td>{w.note}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
