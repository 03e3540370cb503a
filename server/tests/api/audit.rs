use crate::both;
use crate::helpers::{Backend, TestApp};
use app::audit::anchor::CheckpointFile;
use app::audit::repo::{verify_chain, Verification};
use app::audit::types::AuditPage;
use app::auth::roles::Role;

both!(
    account_events_chain_and_verify,
    the_database_refuses_edits_to_the_log,
    an_edited_row_is_detected,
    a_deleted_row_is_detected,
    deleting_the_newest_row_is_detected,
    deleting_the_newest_rows_and_rewinding_the_head_is_detected,
    emptying_the_log_is_refused_and_detected,
    replace_cannot_rewrite_a_row,
    a_head_replayed_from_a_backup_is_caught_by_the_checkpoints,
    audit_page_filters_and_pages_one_councils_rows,
);

fn checkpoints(app: &TestApp) -> CheckpointFile {
    CheckpointFile::in_dir(app.data_dir.path())
}

async fn verify(app: &TestApp) -> Verification {
    let mut conn = app.db.pool.acquire().await.unwrap();
    let written = checkpoints(app).read().unwrap();
    verify_chain(&mut conn, &app.state.audit_key, &written)
        .await
        .unwrap()
}

/// Records the head in this server's checkpoint file, as the server does every minute.
async fn checkpoint(app: &TestApp) {
    server::startup::checkpoint_once(&app.db, &checkpoints(app), None)
        .await
        .unwrap();
}

/// The head row as it is now: (seq, last_hash, head_mac).
async fn head(app: &TestApp) -> (i64, String, String) {
    let row = sqlx::query("SELECT seq, last_hash, head_mac FROM audit_head")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    use sqlx::Row;
    (row.get("seq"), row.get("last_hash"), row.get("head_mac"))
}

/// Sets the head to `seq` rows ending with the hash `row` has.
async fn rewind_head_to(app: &TestApp, seq: i64) {
    let hash = if seq == 0 {
        app::audit::chain::GENESIS.to_string()
    } else {
        sqlx::query_scalar::<_, String>("SELECT hash FROM audit_log WHERE id = $1")
            .bind(seq)
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
    };
    sqlx::query("UPDATE audit_head SET seq = $1, last_hash = $2")
        .bind(seq)
        .bind(hash)
        .execute(&app.db.pool)
        .await
        .unwrap();
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
            app.exec("DROP TRIGGER audit_log_no_replace").await;
        }
        Backend::Postgres => {
            app.exec("DROP TRIGGER audit_log_no_change ON audit_log")
                .await;
            app.exec("DROP TRIGGER audit_log_no_truncate ON audit_log")
                .await;
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

async fn deleting_the_newest_rows_and_rewinding_the_head_is_detected(app: TestApp) {
    some_history(&app).await;
    drop_guard(&app).await;
    app.exec("DELETE FROM audit_log WHERE id > 2").await;
    rewind_head_to(&app, 2).await;
    // The chain itself is intact; only the head's seal says rows are missing.
    assert!(matches!(
        verify(&app).await,
        Verification::Broken { first_bad_id: 3, ref reason } if reason.contains("seal")
    ));
}

async fn emptying_the_log_is_refused_and_detected(app: TestApp) {
    some_history(&app).await;
    let empty = match app.backend {
        Backend::Sqlite => "DELETE FROM audit_log",
        Backend::Postgres => "TRUNCATE audit_log",
    };
    assert!(sqlx::query(empty).execute(&app.db.pool).await.is_err());
    drop_guard(&app).await;
    app.exec(empty).await;
    rewind_head_to(&app, 0).await;
    assert!(matches!(
        verify(&app).await,
        Verification::Broken {
            first_bad_id: 1,
            ..
        }
    ));
}

async fn replace_cannot_rewrite_a_row(app: TestApp) {
    some_history(&app).await;
    let replace = match app.backend {
        Backend::Sqlite => "INSERT OR REPLACE INTO audit_log SELECT id, at, actor_user_id, 'mallory', organisation_id, action, subject, before_json, after_json, prev_hash, hash FROM audit_log WHERE id = 2",
        Backend::Postgres => "INSERT INTO audit_log SELECT id, at, actor_user_id, 'mallory', organisation_id, action, subject, before_json, after_json, prev_hash, hash FROM audit_log WHERE id = 2 ON CONFLICT (id) DO UPDATE SET actor = excluded.actor",
    };
    assert!(sqlx::query(replace).execute(&app.db.pool).await.is_err());
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM audit_log WHERE actor = 'mallory'")
            .await,
        0
    );
    assert_eq!(verify(&app).await, Verification::Intact { rows: 4 });
}

async fn a_head_replayed_from_a_backup_is_caught_by_the_checkpoints(app: TestApp) {
    some_history(&app).await;
    // Someone keeps a copy of the head as it is now, seal and all.
    let (seq, hash, mac) = head(&app).await;
    app.sign_in(
        &app.browser(),
        "manager@oaktree.example.co.uk",
        "wrong-password-2",
    )
    .await
    .unwrap_err();
    checkpoint(&app).await;
    assert_eq!(verify(&app).await, Verification::Intact { rows: 5 });
    // Later they delete the newest row and put the old head back: its seal is genuine.
    drop_guard(&app).await;
    app.exec(&format!("DELETE FROM audit_log WHERE id > {seq}"))
        .await;
    sqlx::query("UPDATE audit_head SET seq = $1, last_hash = $2, head_mac = $3")
        .bind(seq)
        .bind(hash)
        .bind(mac)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert!(matches!(
        verify(&app).await,
        Verification::Broken { ref reason, .. } if reason.contains("this server recorded row 5")
    ));
}

async fn audit_page_filters_and_pages_one_councils_rows(app: TestApp) {
    app.council_user(
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
        app.clock.advance(3_600);
    }
    // Days have passed: the admin signs in again.
    let admin = app.browser();
    app.sign_in(
        &admin,
        "admin@sefton.example.gov.uk",
        crate::helpers::PASSWORD,
    )
    .await
    .unwrap();
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
