use crate::both;
use crate::helpers::{spawn_configured, Backend, TestApp, PASSWORD};
use app::accounts::colleagues::ProviderOverview;
use app::accounts::council_users::CouncilOverview;
use app::audit::types::AuditPage;
use app::auth::roles::Role;
use app::error::AppError;

both!(
    provider_cannot_remove_or_see_another_organisations_people,
    provider_cannot_reach_council_pages_or_data,
    each_council_role_is_refused_what_it_may_not_do,
    council_admin_cannot_touch_another_councils_users,
    post_without_our_origin_is_refused_and_changes_nothing,
    post_with_our_referer_and_no_origin_is_accepted,
    pages_carry_security_headers_and_a_nonce_policy,
    private_pages_send_anonymous_visitors_to_sign_in,
    session_cookie_is_http_only_and_same_site,
    failed_plain_post_keeps_typed_values_out_of_the_url,
    an_error_in_a_crafted_url_is_not_shown,
    static_assets_are_cached_for_a_year_and_pages_never,
);

async fn provider_cannot_remove_or_see_another_organisations_people(app: TestApp) {
    let oak = app
        .provider_admin("Oak Tree Homes", "manager@oaktree.example.co.uk")
        .await;
    app.provider_admin("Elm Care", "boss@elm.example.co.uk")
        .await;
    let elm_boss = app.user_id("boss@elm.example.co.uk").await.to_string();
    let refused = app
        .call::<()>(&oak, "remove-colleague", &[("user_id", &elm_boss)])
        .await;
    assert_eq!(refused, Err(AppError::Forbidden));
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM users WHERE active = TRUE")
            .await,
        2,
        "nobody was removed"
    );
    let seen: ProviderOverview = app.call(&oak, "provider-dashboard", &[]).await.unwrap();
    assert!(seen
        .members
        .iter()
        .all(|m| m.email.ends_with("@oaktree.example.co.uk")));
    // The council-side forms are closed to providers too, whatever user id is sent.
    let roles = app
        .call::<()>(
            &oak,
            "set-council-roles",
            &[("user_id", &elm_boss), ("roles[council_admin]", "yes")],
        )
        .await;
    assert_eq!(roles, Err(AppError::Forbidden));
}

async fn provider_cannot_reach_council_pages_or_data(app: TestApp) {
    app.council_user(
        "Sefton Council",
        "admin@sefton.example.gov.uk",
        &[Role::CouncilAdmin],
    )
    .await;
    let provider = app
        .provider_admin("Oak Tree Homes", "manager@oaktree.example.co.uk")
        .await;
    assert_eq!(
        app.call::<CouncilOverview>(&provider, "council-dashboard", &[])
            .await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        app.call::<AuditPage>(&provider, "audit-log", &[]).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        app.call::<Vec<app::jobs::types::FailedJob>>(&provider, "failed-jobs", &[])
            .await,
        Err(AppError::Forbidden)
    );
    for path in ["/council/audit", "/council/failed-work"] {
        let page = app.get(&provider, path).await;
        assert_eq!(page.status(), 403, "{path}");
        let html = page.text().await.unwrap();
        assert!(html.contains("You do not have permission"));
        assert!(!html.contains("admin@sefton.example.gov.uk"));
    }
}

async fn each_council_role_is_refused_what_it_may_not_do(app: TestApp) {
    let admin = app
        .council_user(
            "Sefton Council",
            "admin@sefton.example.gov.uk",
            &[Role::CouncilAdmin],
        )
        .await;
    let admin_id = app.user_id("admin@sefton.example.gov.uk").await.to_string();
    for role in [
        Role::Commissioner,
        Role::Evaluator,
        Role::Approver,
        Role::Auditor,
    ] {
        let email = format!("{}@sefton.example.gov.uk", role.as_str());
        app.call::<()>(
            &admin,
            "invite-council-user",
            &[
                ("email", &email),
                (&format!("roles[{}]", role.as_str()), "yes"),
            ],
        )
        .await
        .unwrap();
        let token = app.token_from_email(&email).await;
        let browser = app.browser();
        app.call::<()>(
            &browser,
            "accept-invitation",
            &[
                ("token", &token),
                ("full_name", "Officer"),
                ("password", PASSWORD),
                ("confirm_password", PASSWORD),
            ],
        )
        .await
        .unwrap();
        // Every council role may see the council's users...
        assert!(
            app.call::<CouncilOverview>(&browser, "council-dashboard", &[])
                .await
                .is_ok(),
            "{role:?}"
        );
        // ...none but the council admin may change them...
        let invite = app
            .call::<()>(
                &browser,
                "invite-council-user",
                &[
                    ("email", "new@sefton.example.gov.uk"),
                    ("roles[auditor]", "yes"),
                ],
            )
            .await;
        assert_eq!(invite, Err(AppError::Forbidden), "{role:?} invites");
        let demote = app
            .call::<()>(
                &browser,
                "set-council-roles",
                &[("user_id", &admin_id), ("roles[auditor]", "yes")],
            )
            .await;
        assert_eq!(demote, Err(AppError::Forbidden), "{role:?} changes roles");
        let remove = app
            .call::<()>(&browser, "remove-council-user", &[("user_id", &admin_id)])
            .await;
        assert_eq!(remove, Err(AppError::Forbidden), "{role:?} removes");
        // ...or see failed background work...
        let failed = app
            .call::<Vec<app::jobs::types::FailedJob>>(&browser, "failed-jobs", &[])
            .await;
        assert_eq!(
            failed,
            Err(AppError::Forbidden),
            "{role:?} sees failed work"
        );
        // ...and only the auditor (and council admin) reads the audit log.
        let audit = app.call::<AuditPage>(&browser, "audit-log", &[]).await;
        assert_eq!(
            audit.is_ok(),
            role == Role::Auditor,
            "{role:?} reads the audit log"
        );
    }
    assert!(app
        .call::<AuditPage>(&admin, "audit-log", &[])
        .await
        .is_ok());
}

async fn council_admin_cannot_touch_another_councils_users(app: TestApp) {
    let sefton = app
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
    let knowsley_admin = app
        .user_id("admin@knowsley.example.gov.uk")
        .await
        .to_string();
    let roles = app
        .call::<()>(
            &sefton,
            "set-council-roles",
            &[("user_id", &knowsley_admin), ("roles[auditor]", "yes")],
        )
        .await;
    assert_eq!(roles, Err(AppError::Forbidden));
    let remove = app
        .call::<()>(
            &sefton,
            "remove-council-user",
            &[("user_id", &knowsley_admin)],
        )
        .await;
    assert_eq!(remove, Err(AppError::Forbidden));
    let member = app
        .call::<app::accounts::types::Member>(
            &sefton,
            "council-member",
            &[("user_id", &knowsley_admin)],
        )
        .await;
    assert_eq!(member, Err(AppError::Forbidden));
    let page = app
        .get(&sefton, &format!("/council/users/{knowsley_admin}"))
        .await;
    assert_eq!(page.status(), 403);
    let log: AuditPage = app.call(&sefton, "audit-log", &[]).await.unwrap();
    assert!(
        log.entries
            .iter()
            .all(|e| !e.after_json.contains("knowsley")),
        "another council's audit rows never show"
    );
}

async fn post_without_our_origin_is_refused_and_changes_nothing(app: TestApp) {
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = [
        ("organisation", "Forged Ltd"),
        ("full_name", "F"),
        ("email", "f@forged.example.com"),
        ("password", PASSWORD),
    ];
    let url = format!("{}/api/sign-up", app.address);
    let no_origin = plain.post(&url).form(&form).send().await.unwrap();
    assert_eq!(no_origin.status(), 403);
    let evil = plain
        .post(&url)
        .header("origin", "https://evil.example.com")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), 403);
    let evil_referer = plain
        .post(&url)
        .header("referer", "https://evil.example.com/page")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(evil_referer.status(), 403);
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM users").await, 0);
}

async fn post_with_our_referer_and_no_origin_is_accepted(app: TestApp) {
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = [
        ("organisation", "Real Ltd"),
        ("full_name", "R"),
        ("email", "r@real.example.com"),
        ("password", PASSWORD),
    ];
    let response = plain
        .post(format!("{}/api/sign-up", app.address))
        .header("referer", format!("{}/sign-up", app.address))
        .header("accept", "text/html")
        .form(&form)
        .send()
        .await
        .unwrap();
    // A plain form post: redirected to the next page.
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/sign-up/check-email");
    app.run_jobs().await;
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM users").await, 1);
}

async fn pages_carry_security_headers_and_a_nonce_policy(app: TestApp) {
    let page = app.get(&app.browser(), "/sign-in").await;
    assert_eq!(page.status(), 200);
    let headers = page.headers().clone();
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("a nonce")
        .to_string();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert_eq!(headers["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    // Every inline script carries this response's nonce.
    for script in html.split("<script").skip(1) {
        let tag = script.split('>').next().unwrap_or("");
        if !tag.contains("src=") {
            assert!(
                tag.contains(&format!("nonce=\"{nonce}\"")),
                "inline script without the nonce: {tag}"
            );
        }
    }
    let again = app.get(&app.browser(), "/sign-in").await;
    assert_ne!(
        again.headers()["content-security-policy"].to_str().unwrap(),
        csp,
        "a new nonce per response"
    );
    let api = app.post(&app.browser(), "who-am-i", &[]).await;
    assert!(api.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .starts_with("default-src 'none'"));
}

async fn private_pages_send_anonymous_visitors_to_sign_in(app: TestApp) {
    let browser = app.browser();
    for path in [
        "/provider",
        "/council",
        "/council/audit",
        "/council/users/1",
        "/account/password",
    ] {
        let page = app.get(&browser, path).await;
        assert_eq!(page.status(), 303, "{path}");
        assert_eq!(page.headers()["location"], "/sign-in", "{path}");
    }
    assert_eq!(
        app.call::<ProviderOverview>(&browser, "provider-dashboard", &[])
            .await,
        Err(AppError::Unauthenticated)
    );
}

async fn session_cookie_is_http_only_and_same_site(app: TestApp) {
    app.provider_admin("Oak Tree Homes", "manager@oaktree.example.co.uk")
        .await;
    let response = app
        .post(
            &app.browser(),
            "sign-in",
            &[
                ("email", "manager@oaktree.example.co.uk"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("opendps_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "not without TLS configured");
}

async fn failed_plain_post_keeps_typed_values_out_of_the_url(app: TestApp) {
    let browser = app.browser();
    let response = browser
        .post(format!("{}/api/sign-up", app.address))
        .header("referer", format!("{}/sign-up", app.address))
        .header("accept", "text/html")
        .form(&[
            ("organisation", "Secretive Care Ltd"),
            ("full_name", ""),
            ("email", "private.person@secretive.example.com"),
            ("password", "short"),
        ])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection());
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(location.ends_with("/sign-up"), "{location}");
    assert!(!location.contains("__err"), "{location}");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("opendps_form_error="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Max-Age=120"),
        "{cookie}"
    );

    // Following the redirect, the form comes back with its errors and values.
    let page = browser
        .get(format!("{}/sign-up", app.address))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    let cleared = page.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cleared.starts_with("opendps_form_error=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    let html = page.text().await.unwrap();
    assert!(html.contains("There is a problem"));
    assert!(html.contains("Enter your full name"));
    assert!(html.contains("Secretive Care Ltd"));
    // Shown once: a reload is a fresh form.
    let again = app.get(&browser, "/sign-up").await.text().await.unwrap();
    assert!(!again.contains("There is a problem"));
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM users").await, 0);
}

async fn an_error_in_a_crafted_url_is_not_shown(app: TestApp) {
    use base64::Engine;
    let crafted = AppError::invalid("", "Your account is suspended. Call 0900 000 000 now");
    let encoded =
        base64::engine::general_purpose::URL_SAFE.encode(serde_json::to_string(&crafted).unwrap());
    for (path, endpoint) in [("/sign-in", "/api/sign-in"), ("/sign-up", "/api/sign-up")] {
        let page = app
            .get(
                &app.browser(),
                &format!("{path}?__path={endpoint}&__err={encoded}"),
            )
            .await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(
            !html.contains("0900 000 000"),
            "{path} showed text from its URL"
        );
        assert!(!html.contains("There is a problem"), "{path}");
    }
}

async fn static_assets_are_cached_for_a_year_and_pages_never(app: TestApp) {
    // The test app's site is in its data folder: put a built asset there.
    let pkg = std::path::Path::new(app.state.leptos_options.site_root.as_ref())
        .join(app.state.leptos_options.site_pkg_dir.as_ref());
    std::fs::create_dir_all(&pkg).unwrap();
    let name = format!("test-{}.css", app::secret::new_token());
    std::fs::write(pkg.join(&name), "body { color: #0b0c0c }").unwrap();
    std::fs::write(pkg.join(format!("{name}.br")), b"not really brotli").unwrap();
    let asset = app
        .browser()
        .get(format!("{}/pkg/{name}", app.address))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), 200);
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        asset.headers()["content-encoding"],
        "br",
        "the file compressed at build time"
    );
    let missing = app.get(&app.browser(), "/pkg/no-such-file.js").await;
    assert_ne!(
        missing
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap()),
        Some("public, max-age=31536000, immutable")
    );
    let page = app.get(&app.browser(), "/sign-in").await;
    assert_eq!(page.headers()["cache-control"], "no-store");
    assert!(
        page.headers().get("strict-transport-security").is_none(),
        "not without TLS"
    );
}

/// Behind TLS (an https:// base URL): HSTS on every response, Secure cookies by default
/// and the session cookie's `__Host-` prefix.
async fn behind_tls_browsers_are_held_to_https(backend: Backend) {
    let app = spawn_configured(backend, |config| {
        config.base_url = "https://dps.test.example.gov.uk".into();
        config.secure_cookies = true;
    })
    .await;
    app.provider_admin("Oak Tree Homes", "manager@oaktree.example.co.uk")
        .await;
    for path in ["/", "/sign-in", "/no-such-page"] {
        let page = app.get(&app.browser(), path).await;
        assert_eq!(
            page.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
    let response = app
        .post(
            &app.browser(),
            "sign-in",
            &[
                ("email", "manager@oaktree.example.co.uk"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("__Host-opendps_session="), "{cookie}");
    assert!(
        cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"),
        "{cookie}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_tls_browsers_are_held_to_https_sqlite() {
    behind_tls_browsers_are_held_to_https(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_tls_browsers_are_held_to_https_postgres() {
    behind_tls_browsers_are_held_to_https(Backend::Postgres).await
}

/// A proxy that adds its own `X-Forwarded-For` line (rather than appending to the
/// client's) must not let the client's forged line decide who it is.
async fn every_forwarded_for_line_is_read(backend: Backend) {
    let app = spawn_configured(backend, |config| {
        config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    let email = "manager@oaktree.example.co.uk";
    app.provider_admin("Oak Tree Homes", email).await;
    for i in 0..11 {
        // A new forged first line every time; the proxy's line names the real client.
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("origin", app.address.parse().unwrap());
        headers.append("x-forwarded-for", format!("203.0.113.{i}").parse().unwrap());
        headers.append("x-forwarded-for", "198.51.100.1".parse().unwrap());
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let error = app
            .sign_in(
                &client,
                &format!("guess{i}@nowhere.example.com"),
                "wrong-password-x",
            )
            .await
            .unwrap_err();
        let message = crate::helpers::field_messages(&error)[0].1.clone();
        if i == 10 {
            assert!(message.contains("too many failed attempts"), "{message}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_forwarded_for_line_is_read_sqlite() {
    every_forwarded_for_line_is_read(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_forwarded_for_line_is_read_postgres() {
    every_forwarded_for_line_is_read(Backend::Postgres).await
}
