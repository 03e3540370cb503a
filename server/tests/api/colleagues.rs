use crate::both;
use crate::helpers::{field_messages, TestApp, PASSWORD};
use app::accounts::colleagues::ProviderOverview;
use app::accounts::council_users::CouncilOverview;
use app::auth::roles::Role;
use app::error::AppError;

const ADMIN: &str = "manager@oaktree.example.co.uk";
const COLLEAGUE: &str = "bids@oaktree.example.co.uk";

both!(
    invited_colleague_accepts_and_is_signed_in_as_a_provider_user,
    inviting_an_address_with_an_account_elsewhere_looks_like_any_other,
    removed_colleague_is_signed_out_and_cannot_sign_in,
    provider_admin_cannot_remove_themselves,
    council_admin_invites_a_user_with_roles_and_changes_them,
    council_invitation_needs_a_role,
    council_admin_cannot_drop_their_own_admin_role,
    an_invited_address_can_still_sign_up_on_its_own_and_reset_elsewhere,
    a_removed_colleague_can_be_invited_again,
    two_admins_demoting_each_other_at_once_leave_one_admin,
    two_admins_removing_each_other_at_once_leave_one_admin,
);

async fn invite_and_accept(
    app: &TestApp,
    inviter: &reqwest::Client,
    email: &str,
) -> reqwest::Client {
    app.call::<()>(inviter, "invite-colleague", &[("email", email)])
        .await
        .expect("invitation sent");
    let token = app.token_from_email(email).await;
    let browser = app.browser();
    app.call::<()>(
        &browser,
        "accept-invitation",
        &[
            ("token", &token),
            ("full_name", "Ben Bids"),
            ("password", PASSWORD),
            ("confirm_password", PASSWORD),
        ],
    )
    .await
    .expect("invitation accepted");
    browser
}

async fn invited_colleague_accepts_and_is_signed_in_as_a_provider_user(app: TestApp) {
    let admin = app.provider_admin("Oak Tree Homes", ADMIN).await;
    let (subject, body) = {
        app.call::<()>(&admin, "invite-colleague", &[("email", COLLEAGUE)])
            .await
            .unwrap();
        app.last_email_to(COLLEAGUE).await.unwrap()
    };
    assert!(subject.contains("Oak Tree Homes"), "{subject}");
    assert!(
        body.contains(&format!("{}/accept-invitation?token=", app.address)),
        "absolute link: {body}"
    );
    let listed: ProviderOverview = app.call(&admin, "provider-dashboard", &[]).await.unwrap();
    let invited = listed
        .members
        .iter()
        .find(|m| m.email == COLLEAGUE)
        .expect("listed");
    assert!(!invited.joined);

    let token = app.token_from_email(COLLEAGUE).await;
    let colleague = app.browser();
    app.call::<()>(
        &colleague,
        "accept-invitation",
        &[
            ("token", &token),
            ("full_name", "Ben Bids"),
            ("password", PASSWORD),
            ("confirm_password", PASSWORD),
        ],
    )
    .await
    .unwrap();
    let view: ProviderOverview = app
        .call(&colleague, "provider-dashboard", &[])
        .await
        .unwrap();
    assert_eq!(view.me.roles, vec![Role::ProviderUser]);
    assert!(!view.can_manage);
    assert!(view
        .members
        .iter()
        .any(|m| m.email == COLLEAGUE && m.joined && m.full_name == "Ben Bids"));
    // A provider user may not invite.
    let refused = app
        .call::<()>(
            &colleague,
            "invite-colleague",
            &[("email", "x@oaktree.example.co.uk")],
        )
        .await;
    assert_eq!(refused, Err(AppError::Forbidden));
    assert!(app
        .audit_actions()
        .await
        .ends_with(&["user_invited".into(), "invitation_accepted".into()]));
}

async fn inviting_an_address_with_an_account_elsewhere_looks_like_any_other(app: TestApp) {
    let admin = app.provider_admin("Oak Tree Homes", ADMIN).await;
    let elsewhere = "boss@elm.example.co.uk";
    app.provider_admin("Elm Care", elsewhere).await;
    let fresh = "new@oaktree.example.co.uk";
    let mut seen = Vec::new();
    for email in [elsewhere, fresh] {
        let answer = app
            .post(&admin, "invite-colleague", &[("email", email)])
            .await;
        seen.push((answer.status(), answer.text().await.unwrap()));
    }
    assert_eq!(seen[0], seen[1], "the same answer for both addresses");
    let members: ProviderOverview = app.call(&admin, "provider-dashboard", &[]).await.unwrap();
    for email in [elsewhere, fresh] {
        assert!(
            members
                .members
                .iter()
                .any(|m| m.email == email && !m.joined),
            "{email} is listed as invited"
        );
    }
    // Only the owner of the address learns it has an account: no link to use.
    let (subject, body) = app.last_email_to(elsewhere).await.unwrap();
    assert!(subject.starts_with("You have been invited to join Oak Tree Homes"));
    assert!(body.contains("already has an account"), "{body}");
    assert!(crate::helpers::token_in(&body).is_none());
    let (_, body) = app.last_email_to(fresh).await.unwrap();
    assert!(crate::helpers::token_in(&body).is_some());
    let bad = app
        .call::<()>(&admin, "invite-colleague", &[("email", "nonsense")])
        .await
        .unwrap_err();
    assert_eq!(field_messages(&bad)[0].0, "email");
}

async fn removed_colleague_is_signed_out_and_cannot_sign_in(app: TestApp) {
    let admin = app.provider_admin("Oak Tree Homes", ADMIN).await;
    let colleague = invite_and_accept(&app, &admin, COLLEAGUE).await;
    let colleague_id = app.user_id(COLLEAGUE).await;
    app.call::<()>(
        &admin,
        "remove-colleague",
        &[("user_id", &colleague_id.to_string())],
    )
    .await
    .unwrap();
    assert_eq!(
        app.audit_actions().await.last().map(String::as_str),
        Some("user_removed")
    );
    assert_eq!(
        app.call::<ProviderOverview>(&colleague, "provider-dashboard", &[])
            .await,
        Err(AppError::Unauthenticated)
    );
    assert!(app
        .sign_in(&app.browser(), COLLEAGUE, PASSWORD)
        .await
        .is_err());
    let listed: ProviderOverview = app.call(&admin, "provider-dashboard", &[]).await.unwrap();
    assert!(listed.members.iter().all(|m| m.email != COLLEAGUE));
}

async fn provider_admin_cannot_remove_themselves(app: TestApp) {
    let admin = app.provider_admin("Oak Tree Homes", ADMIN).await;
    let me = app.user_id(ADMIN).await;
    let error = app
        .call::<()>(&admin, "remove-colleague", &[("user_id", &me.to_string())])
        .await
        .unwrap_err();
    assert!(field_messages(&error)[0]
        .1
        .contains("cannot remove yourself"));
}

async fn council_admin_invites_a_user_with_roles_and_changes_them(app: TestApp) {
    let admin = app
        .council_user(
            "Sefton Council",
            "admin@sefton.example.gov.uk",
            &[Role::CouncilAdmin],
        )
        .await;
    let email = "eval@sefton.example.gov.uk";
    app.call::<()>(
        &admin,
        "invite-council-user",
        &[
            ("email", email),
            ("roles[evaluator]", "yes"),
            ("roles[auditor]", "yes"),
        ],
    )
    .await
    .unwrap();
    let token = app.token_from_email(email).await;
    let user = app.browser();
    app.call::<()>(
        &user,
        "accept-invitation",
        &[
            ("token", &token),
            ("full_name", "Evie Evaluator"),
            ("password", PASSWORD),
            ("confirm_password", PASSWORD),
        ],
    )
    .await
    .unwrap();
    let view: CouncilOverview = app.call(&user, "council-dashboard", &[]).await.unwrap();
    assert_eq!(view.me.roles, vec![Role::Evaluator, Role::Auditor]);
    assert!(view.can_read_audit && !view.can_manage);

    let id = app.user_id(email).await.to_string();
    app.call::<()>(
        &admin,
        "set-council-roles",
        &[("user_id", &id), ("roles[approver]", "yes")],
    )
    .await
    .unwrap();
    let view: CouncilOverview = app.call(&user, "council-dashboard", &[]).await.unwrap();
    assert_eq!(
        view.me.roles,
        vec![Role::Approver],
        "roles apply at once, without signing in again"
    );
    assert!(!view.can_read_audit);
    assert_eq!(
        app.audit_actions().await.last().map(String::as_str),
        Some("roles_changed")
    );
}

async fn council_invitation_needs_a_role(app: TestApp) {
    let admin = app
        .council_user(
            "Sefton Council",
            "admin@sefton.example.gov.uk",
            &[Role::CouncilAdmin],
        )
        .await;
    let error = app
        .call::<()>(
            &admin,
            "invite-council-user",
            &[("email", "x@sefton.example.gov.uk")],
        )
        .await
        .unwrap_err();
    assert_eq!(
        field_messages(&error),
        [(
            "council_admin".to_string(),
            "Select at least one role".to_string()
        )]
    );
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM users").await, 1);
}

async fn council_admin_cannot_drop_their_own_admin_role(app: TestApp) {
    let admin = app
        .council_user(
            "Sefton Council",
            "admin@sefton.example.gov.uk",
            &[Role::CouncilAdmin],
        )
        .await;
    let me = app.user_id("admin@sefton.example.gov.uk").await.to_string();
    let error = app
        .call::<()>(
            &admin,
            "set-council-roles",
            &[("user_id", &me), ("roles[auditor]", "yes")],
        )
        .await
        .unwrap_err();
    assert!(field_messages(&error)[0]
        .1
        .contains("own council admin role"));
}

async fn an_invited_address_can_still_sign_up_on_its_own_and_reset_elsewhere(app: TestApp) {
    let admin = app.provider_admin("Oak Tree Homes", ADMIN).await;
    // Invited and never accepted: the pending row must not lock its owner out.
    app.call::<()>(&admin, "invite-colleague", &[("email", COLLEAGUE)])
        .await
        .unwrap();
    let own = app.provider_admin("Bids Own Care", COLLEAGUE).await;
    let me: Option<app::auth::user::CurrentUser> = app.call(&own, "who-am-i", &[]).await.unwrap();
    assert_eq!(me.unwrap().organisation_name, "Bids Own Care");
    // A password reset reaches the account it has now.
    app.call::<()>(
        &app.browser(),
        "request-password-reset",
        &[("email", COLLEAGUE)],
    )
    .await
    .unwrap();
    let (subject, _) = app.last_email_to(COLLEAGUE).await.unwrap();
    assert!(subject.starts_with("Reset your password"), "{subject}");
    // An invitation accepted after the address made its own account says so.
    let invitation = app
        .emails_to(COLLEAGUE)
        .await
        .into_iter()
        .find(|(s, _)| s.contains("invited"))
        .and_then(|(_, body)| crate::helpers::token_in(&body));
    if let Some(token) = invitation {
        let error = app
            .call::<()>(
                &app.browser(),
                "accept-invitation",
                &[
                    ("token", &token),
                    ("full_name", "Ben"),
                    ("password", PASSWORD),
                    ("confirm_password", PASSWORD),
                ],
            )
            .await
            .unwrap_err();
        assert!(field_messages(&error)[0]
            .1
            .contains("already has an account"));
    }
}

async fn a_removed_colleague_can_be_invited_again(app: TestApp) {
    let admin = app.provider_admin("Oak Tree Homes", ADMIN).await;
    invite_and_accept(&app, &admin, COLLEAGUE).await;
    let id = app.user_id(COLLEAGUE).await.to_string();
    app.call::<()>(&admin, "remove-colleague", &[("user_id", &id)])
        .await
        .unwrap();
    // They come back: a new invitation, a new account, signed in.
    let back = invite_and_accept(&app, &admin, COLLEAGUE).await;
    let me: Option<app::auth::user::CurrentUser> = app.call(&back, "who-am-i", &[]).await.unwrap();
    assert_eq!(me.unwrap().email, COLLEAGUE);
    let listed: ProviderOverview = app.call(&admin, "provider-dashboard", &[]).await.unwrap();
    assert_eq!(
        listed
            .members
            .iter()
            .filter(|m| m.email == COLLEAGUE)
            .count(),
        1
    );
}

/// Two council admins of Sefton, each signed in.
async fn two_admins(app: &TestApp) -> (reqwest::Client, reqwest::Client, String, String) {
    let a = app
        .council_user(
            "Sefton Council",
            "a@sefton.example.gov.uk",
            &[Role::CouncilAdmin],
        )
        .await;
    let b = app
        .council_user(
            "Sefton Council",
            "b@sefton.example.gov.uk",
            &[Role::CouncilAdmin],
        )
        .await;
    let a_id = app.user_id("a@sefton.example.gov.uk").await.to_string();
    let b_id = app.user_id("b@sefton.example.gov.uk").await.to_string();
    (a, b, a_id, b_id)
}

const COUNCIL_ADMINS: &str = "SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id
     WHERE r.role = 'council_admin' AND u.active = TRUE";

async fn two_admins_demoting_each_other_at_once_leave_one_admin(app: TestApp) {
    let (a, b, a_id, b_id) = two_admins(&app).await;
    let demote_b = [("user_id", b_id.as_str()), ("roles[evaluator]", "yes")];
    let demote_a = [("user_id", a_id.as_str()), ("roles[evaluator]", "yes")];
    let (by_a, by_b) = tokio::join!(
        app.call::<()>(&a, "set-council-roles", &demote_b),
        app.call::<()>(&b, "set-council-roles", &demote_a),
    );
    assert_eq!(app.sql_i64(COUNCIL_ADMINS).await, 1, "one admin is left");
    assert!(
        by_a.is_ok() != by_b.is_ok(),
        "one change went through: {by_a:?} {by_b:?}"
    );
}

async fn two_admins_removing_each_other_at_once_leave_one_admin(app: TestApp) {
    let (a, b, a_id, b_id) = two_admins(&app).await;
    let remove_b = [("user_id", b_id.as_str())];
    let remove_a = [("user_id", a_id.as_str())];
    let (by_a, by_b) = tokio::join!(
        app.call::<()>(&a, "remove-council-user", &remove_b),
        app.call::<()>(&b, "remove-council-user", &remove_a),
    );
    assert_eq!(app.sql_i64(COUNCIL_ADMINS).await, 1, "one admin is left");
    assert!(
        by_a.is_ok() != by_b.is_ok(),
        "one removal went through: {by_a:?} {by_b:?}"
    );
}
