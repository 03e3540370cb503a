use crate::both;
use crate::helpers::{field_messages, TestApp, PASSWORD};
use app::accounts::colleagues::ProviderOverview;
use app::accounts::council_users::CouncilOverview;
use app::accounts::roles::Role;
use app::error::AppError;

const ADMIN: &str = "manager@oaktree.example.co.uk";
const COLLEAGUE: &str = "bids@oaktree.example.co.uk";

both!(
    invited_colleague_accepts_and_is_signed_in_as_a_provider_user,
    invitation_to_a_registered_email_is_refused,
    removed_colleague_is_signed_out_and_cannot_sign_in,
    provider_admin_cannot_remove_themselves,
    council_admin_invites_a_user_with_roles_and_changes_them,
    council_invitation_needs_a_role,
    council_admin_cannot_drop_their_own_admin_role,
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

async fn invitation_to_a_registered_email_is_refused(app: TestApp) {
    let admin = app.provider_admin("Oak Tree Homes", ADMIN).await;
    app.provider_admin("Elm Care", "boss@elm.example.co.uk")
        .await;
    let error = app
        .call::<()>(
            &admin,
            "invite-colleague",
            &[("email", "boss@elm.example.co.uk")],
        )
        .await
        .unwrap_err();
    assert_eq!(field_messages(&error)[0].0, "email");
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
