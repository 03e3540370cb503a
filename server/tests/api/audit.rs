use crate::both;
use crate::helpers::{Backend, TestApp};
use app::accounts::roles::Role;
use app::audit::repo::{verify_chain, Verification};
use app::audit::types::AuditPage;

both!(
    account_events_chain_and_verify,
    the_database_refuses_edits_to_the_log,
    an_edited_row_is_detected,
    a_deleted_row_is_detected,
    deleting_the_newest_row_is_detected,
    audit_page_filters_and_pages_one_councils_rows,
);

async fn verify(app: &TestApp) -> Verification {
    let mut conn = app.db.pool.acquire().await.unwrap();
    verify_chain(&mut conn).await.unwrap()
}

async fn some_history(app: &TestApp) {
    app.provider_admin("Oak Tree Homes", "manager@oaktree.example.co.uk")
        .await;
    let _ = app
        .sign_in(
            &app.browser(),
            "manager@oaktree.example.co.uk",
            "wrong-password-1",
        )
        .await;
}

/// Drops the append-only guard, as someone with database access could.
async fn drop_guard(app: &TestApp) {
    match app.backend {
        Backend::Sqlite => {
            app.exec("DROP TRIGGER audit_log_no_update").await;
            app.exec("DROP TRIGGER audit_log_no_delete").await;
        }
        Backend::Postgres => {
            app.exec("DROP TRIGGER audit_log_no_change ON audit_log")
                .await
        }
    }
}

async fn account_events_chain_and_verify(app: TestApp) {
    some_history(&app).await;
    assert_eq!(
        app.audit_actions().await,
        ["sign_up", "email_verified", "sign_in", "sign_in_failed"]
    );
    assert_eq!(verify(&app).await, Verification::Intact { rows: 4 });
}

async fn the_database_refuses_edits_to_the_log(app: TestApp) {
    some_history(&app).await;
    assert!(sqlx::query("UPDATE audit_log SET actor = 'someone else'")
        .execute(&app.db.pool)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM audit_log")
        .execute(&app.db.pool)
        .await
        .is_err());
    assert_eq!(verify(&app).await, Verification::Intact { rows: 4 });
}

async fn an_edited_row_is_detected(app: TestApp) {
    some_history(&app).await;
    drop_guard(&app).await;
    app.exec("UPDATE audit_log SET after_json = '{\"ip\":\"1.2.3.4\"}' WHERE id = 3")
        .await;
    assert!(matches!(
        verify(&app).await,
        Verification::Broken {
            first_bad_id: 3,
            ..
        }
    ));
}

async fn a_deleted_row_is_detected(app: TestApp) {
    some_history(&app).await;
    drop_guard(&app).await;
    app.exec("DELETE FROM audit_log WHERE id = 2").await;
    assert!(matches!(
        verify(&app).await,
        Verification::Broken {
            first_bad_id: 3,
            ..
        }
    ));
}

async fn deleting_the_newest_row_is_detected(app: TestApp) {
    some_history(&app).await;
    drop_guard(&app).await;
    app.exec("DELETE FROM audit_log WHERE id = 4").await;
    assert!(matches!(
        verify(&app).await,
        Verification::Broken {
            first_bad_id: 4,
            ..
        }
    ));
}

async fn audit_page_filters_and_pages_one_councils_rows(app: TestApp) {
    let admin = app
        .council_user(
            "Sefton Council",
            "admin@sefton.example.gov.uk",
            &[Role::CouncilAdmin],
        )
        .await;
    app.council_user(
        "Knowsley Council",
        "admin@knowsley.example.gov.uk",
        &[Role::CouncilAdmin],
    )
    .await;
    for i in 0..55 {
        let _ = app
            .sign_in(
                &app.browser(),
                "admin@sefton.example.gov.uk",
                &format!("wrong-password-{i}"),
            )
            .await;
        // Keep under the throttle: failures are spread over time.
        app.exec("UPDATE sign_in_attempts SET at = at - 3600").await;
    }
    let first: AuditPage = app
        .call(
            &admin,
            "audit-log",
            &[
                ("filter[action]", "sign_in_failed"),
                ("filter[actor]", ""),
                ("filter[page]", "1"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(first.total, 55);
    assert_eq!(first.entries.len(), 50);
    assert!(
        first.entries.windows(2).all(|w| w[0].id > w[1].id),
        "newest first"
    );
    let second: AuditPage = app
        .call(
            &admin,
            "audit-log",
            &[
                ("filter[action]", "sign_in_failed"),
                ("filter[actor]", ""),
                ("filter[page]", "2"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(second.entries.len(), 5);
    let all: AuditPage = app
        .call(
            &admin,
            "audit-log",
            &[
                ("filter[action]", ""),
                ("filter[actor]", "SEFTON"),
                ("filter[page]", "1"),
            ],
        )
        .await
        .unwrap();
    assert!(
        all.actions.contains(&"sign_in".to_string())
            && all.actions.contains(&"organisation_created".to_string())
    );
    assert!(all.entries.iter().all(|e| !e.actor.contains("knowsley")));
    let nothing: AuditPage = app
        .call(
            &admin,
            "audit-log",
            &[
                ("filter[action]", ""),
                ("filter[actor]", "knowsley"),
                ("filter[page]", "1"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        nothing.total, 0,
        "another council's rows are not in this council's log"
    );
    let page = app
        .get(&admin, "/council/audit?action=sign_in_failed&page=2")
        .await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("55 entries. Page 2 of 2."), "{html}");
}
