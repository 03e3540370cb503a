//! The last seconds before a deadline: 200 providers each send an offer and then two
//! revisions at once, while the clock reaches the deadline part-way through. Every
//! offer the server accepted is stored with the version it was given, nothing it
//! refused is, and nothing is stored from after the deadline, on both databases.

use crate::both;
use crate::helpers::TestApp;
use crate::placements_fixture::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

both!(every_offer_accepted_before_the_deadline_is_kept_and_none_after);

const PROVIDERS: usize = 200;
const ROUNDS: usize = 3;

async fn every_offer_accepted_before_the_deadline_is_kept_and_none_after(app: TestApp) {
    let m = market(&app, &pseudo_dps("HAR-RUSH-01"), PROVIDERS).await;
    let id = issue(
        &app,
        &m.council,
        &request_form(m.system, m.lot, deadline_in(&app, 300), &[]),
    )
    .await
    .expect("issued");
    let deadline = app
        .sql_i64(&format!(
            "SELECT deadline FROM placement_requests WHERE id = {id}"
        ))
        .await;
    // The last few seconds: the clock is 3 seconds short of the deadline.
    app.clock.advance(deadline - 3 - app.clock.now());
    let app = Arc::new(app);
    let answered = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for (n, bidder) in m.bidders.iter().enumerate() {
        let (app, browser, answered) = (app.clone(), bidder.browser.clone(), answered.clone());
        tasks.push(tokio::spawn(async move {
            let mut accepted = Vec::new();
            let mut refused = 0;
            for round in 0..ROUNDS {
                let price = format!("{}", 3000 + n * 2 + round);
                let sent = send_offer(&app, &browser, &offer_form(id, &price, &[])).await;
                answered.fetch_add(1, Ordering::SeqCst);
                match sent {
                    Ok(version) => accepted.push((version, price)),
                    Err(error) => {
                        let text = format!("{error:?}");
                        assert!(
                            text.contains("deadline for this request has passed"),
                            "{text}"
                        );
                        refused += 1;
                    }
                }
            }
            (accepted, refused)
        }));
    }
    // A third of the way through the rush, with offers still in flight, the deadline passes.
    while answered.load(Ordering::SeqCst) < PROVIDERS * ROUNDS / 3 {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    app.clock.advance(3);
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.expect("task"));
    }
    let accepted: usize = results.iter().map(|(a, _)| a.len()).sum();
    let refused: usize = results.iter().map(|(_, r)| r).sum();
    assert_eq!(accepted + refused, ROUNDS * PROVIDERS);
    assert!(accepted > 0, "some offers were in before the deadline");
    assert!(refused > 0, "some offers came after the deadline");

    let stored = app
        .sql_i64(&format!(
            "SELECT COUNT(*) FROM offer_versions WHERE request_id = {id}"
        ))
        .await;
    assert_eq!(
        stored as usize, accepted,
        "every accepted offer stored, none refused"
    );
    let after = app
        .sql_i64(&format!("SELECT COUNT(*) FROM offer_versions WHERE request_id = {id} AND submitted_at >= {deadline}"))
        .await;
    assert_eq!(after, 0, "nothing stored at or after the deadline");
    for (bidder, (accepted, _)) in m.bidders.iter().zip(&results) {
        let latest = app
            .sql_i64(&format!(
                "SELECT COALESCE(MAX(version), 0) FROM offer_versions WHERE request_id = {id} AND organisation_id = {}",
                bidder.organisation
            ))
            .await;
        assert_eq!(latest as usize, accepted.len());
        for (version, price) in accepted {
            let pence = app
                .sql_i64(&format!(
                    "SELECT weekly_price_pence FROM offer_versions WHERE request_id = {id} AND organisation_id = {} AND version = {version}",
                    bidder.organisation
                ))
                .await;
            assert_eq!(pence, price.parse::<i64>().unwrap() * 100);
        }
        if !accepted.is_empty() {
            let state = app
                .sql_i64(&format!(
                    "SELECT version FROM responses WHERE request_id = {id} AND organisation_id = {} AND state = 'offered'",
                    bidder.organisation
                ))
                .await;
            assert_eq!(state as usize, accepted.len());
        }
    }
}
