//! Administrative commands: the first council admin, and demo data.

use app::accounts::{
    fields::{EmailAddress, OrganisationName, PersonName},
    hashing, password_policy,
    repo::{self, NewUser},
};
use app::audit::{Action, Actor, AuditEvent, Subject};
use app::auth::roles::{OrgKind, Role};
use app::ids::OrganisationId;
use app::service::Ctx;
use app::state::AppState;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    App(#[from] app::error::AppError),
}

/// A unit of work run by the portal itself (the command line), not a signed-in user.
fn system(state: &AppState) -> Ctx {
    Ctx::new(state.clone(), Default::default())
}

/// Finds the organisation by name or creates it; returns its id.
async fn organisation(
    state: &AppState,
    kind: OrgKind,
    name: &OrganisationName,
) -> Result<OrganisationId, AdminError> {
    let mut ctx = system(state);
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    if let Some(id) = repo::organisation_id_by_name(tx, kind, &name.key()).await? {
        return Ok(id);
    }
    let id = repo::create_organisation(tx, kind, name.as_str(), &name.key(), now).await?;
    ctx.audit(
        AuditEvent::by(
            Actor::system(),
            Action::OrganisationCreated,
            Subject::Organisation(id),
        )
        .in_organisation(id)
        .after(json!({ "name": name.as_str(), "kind": kind.as_str() })),
    )
    .await?;
    ctx.commit().await?;
    Ok(id)
}

/// Creates a ready-to-use (verified) user with `roles` in the organisation, or, when the
/// email already belongs to that organisation, adds the roles. Returns a description.
async fn ensure_user(
    state: &AppState,
    organisation_id: OrganisationId,
    email: &EmailAddress,
    name: &PersonName,
    password: &str,
    roles: &[Role],
) -> Result<String, AdminError> {
    let exists = repo::account_by_email(&mut *state.db.pool.acquire().await?, email.as_str())
        .await?
        .is_some();
    // Hashing is slow: only for a user about to be created.
    let password_hash = match exists {
        true => String::new(),
        false => hashing::hash_password(password.to_string()).await?,
    };
    let mut ctx = system(state);
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    let (user_id, action) = match repo::account_by_email(tx, email.as_str()).await? {
        Some(user) if user.organisation_id != organisation_id => {
            return Err(AdminError::Invalid(format!(
                "{} already belongs to another organisation",
                email.as_str()
            )))
        }
        Some(user) => (user.id, Action::RolesChanged),
        None => {
            let id = repo::create_user(
                tx,
                NewUser {
                    organisation_id,
                    email: email.as_str(),
                    full_name: name.as_str(),
                    password_hash: Some(&password_hash),
                    email_verified: true,
                },
                now,
            )
            .await?;
            (id, Action::UserCreated)
        }
    };
    let before = repo::roles_of(tx, user_id).await?;
    let mut after = before.clone();
    for role in roles {
        if !after.contains(role) {
            after.push(*role);
        }
    }
    after.sort();
    if action == Action::RolesChanged && after == before {
        return Ok(format!("{} already has these roles", email.as_str()));
    }
    repo::set_roles(tx, user_id, &after).await?;
    ctx.audit(
        AuditEvent::by(Actor::system(), action, Subject::User(user_id))
            .in_organisation(organisation_id)
            .before(json!({ "roles": before.iter().map(|r| r.as_str()).collect::<Vec<_>>() }))
            .after(json!({ "email": email.as_str(), "roles": after.iter().map(|r| r.as_str()).collect::<Vec<_>>() })),
    )
    .await?;
    ctx.commit().await?;
    Ok(format!(
        "{} now has roles: {}",
        email.as_str(),
        after
            .iter()
            .map(|r| r.label())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

pub async fn create_admin(
    state: &AppState,
    council: &str,
    email: &str,
    password: &str,
    name: &str,
) -> Result<String, AdminError> {
    let council = OrganisationName::parse(council)
        .map_err(|m| AdminError::Invalid(format!("--council: {m}")))?;
    let email =
        EmailAddress::parse(email).map_err(|m| AdminError::Invalid(format!("--email: {m}")))?;
    let name = PersonName::parse(name).map_err(|m| AdminError::Invalid(format!("--name: {m}")))?;
    password_policy::check(password, email.as_str())
        .map_err(|m| AdminError::Invalid(format!("--password: {m}")))?;
    let council_id = organisation(state, OrgKind::Council, &council).await?;
    ensure_user(
        state,
        council_id,
        &email,
        &name,
        password,
        &[Role::CouncilAdmin],
    )
    .await
}

/// The password of every demo account. Demo data is for trying the portal, never for
/// a live service.
pub const DEMO_PASSWORD: &str = "demo-password-2026";

struct DemoUser {
    email: &'static str,
    name: &'static str,
    roles: &'static [Role],
}

const DEMO_COUNCILS: [(&str, &[DemoUser]); 4] = [
    (
        "Sefton Council",
        &[
            DemoUser {
                email: "admin@sefton.example.gov.uk",
                name: "Alex Admin",
                roles: &[Role::CouncilAdmin],
            },
            DemoUser {
                email: "commissioner@sefton.example.gov.uk",
                name: "Chris Commissioner",
                roles: &[Role::Commissioner],
            },
            DemoUser {
                email: "evaluator@sefton.example.gov.uk",
                name: "Evie Evaluator",
                roles: &[Role::Evaluator],
            },
            DemoUser {
                email: "approver@sefton.example.gov.uk",
                name: "Aisha Approver",
                roles: &[Role::Approver],
            },
            DemoUser {
                email: "auditor@sefton.example.gov.uk",
                name: "Owen Auditor",
                roles: &[Role::Auditor],
            },
            DemoUser {
                email: "adults@sefton.example.gov.uk",
                name: "Ade Adults",
                roles: &[Role::AdultSocialCare],
            },
        ],
    ),
    (
        "Knowsley Council",
        &[
            DemoUser {
                email: "admin@knowsley.example.gov.uk",
                name: "Kim Admin",
                roles: &[Role::CouncilAdmin],
            },
            DemoUser {
                email: "commissioner@knowsley.example.gov.uk",
                name: "Kit Commissioner",
                roles: &[Role::Commissioner, Role::Evaluator],
            },
            DemoUser {
                email: "approver@knowsley.example.gov.uk",
                name: "Kerry Approver",
                roles: &[Role::Approver],
            },
            DemoUser {
                email: "auditor@knowsley.example.gov.uk",
                name: "Kai Auditor",
                roles: &[Role::Auditor],
            },
        ],
    ),
    (
        "Haringey Council",
        &[
            DemoUser {
                email: "admin@haringey.example.gov.uk",
                name: "Hana Admin",
                roles: &[Role::CouncilAdmin],
            },
            DemoUser {
                email: "commissioner@haringey.example.gov.uk",
                name: "Harry Commissioner",
                roles: &[Role::Commissioner, Role::Evaluator],
            },
        ],
    ),
    (
        "Staffordshire County Council",
        &[
            DemoUser {
                email: "admin@staffordshire.example.gov.uk",
                name: "Sasha Admin",
                roles: &[Role::CouncilAdmin],
            },
            DemoUser {
                email: "commissioner@staffordshire.example.gov.uk",
                name: "Stef Commissioner",
                roles: &[Role::Commissioner, Role::Evaluator],
            },
        ],
    ),
];

const DEMO_PROVIDERS: [(&str, &[DemoUser]); 6] = [
    (
        "Oak Tree Children's Homes Ltd",
        &[
            DemoUser {
                email: "manager@oaktree.example.co.uk",
                name: "Olivia Manager",
                roles: &[Role::ProviderAdmin],
            },
            DemoUser {
                email: "bids@oaktree.example.co.uk",
                name: "Ben Bids",
                roles: &[Role::ProviderUser],
            },
        ],
    ),
    (
        "Riverside Fostering Agency",
        &[DemoUser {
            email: "director@riverside.example.co.uk",
            name: "Rosa Director",
            roles: &[Role::ProviderAdmin],
        }],
    ),
    (
        "Mersey Supported Living CIC",
        &[
            DemoUser {
                email: "owner@mersey.example.org.uk",
                name: "Mo Owner",
                roles: &[Role::ProviderAdmin],
            },
            DemoUser {
                email: "staff@mersey.example.org.uk",
                name: "Sam Staff",
                roles: &[Role::ProviderUser],
            },
        ],
    ),
    (
        "Northgate Home Care Ltd",
        &[DemoUser {
            email: "manager@northgate.example.co.uk",
            name: "Nina Manager",
            roles: &[Role::ProviderAdmin],
        }],
    ),
    (
        "Brookside Children's Homes Ltd",
        &[DemoUser {
            email: "manager@brookside.example.co.uk",
            name: "Bea Manager",
            roles: &[Role::ProviderAdmin],
        }],
    ),
    (
        "Willow Lodge Care Ltd",
        &[DemoUser {
            email: "manager@willowlodge.example.co.uk",
            name: "Will Manager",
            roles: &[Role::ProviderAdmin],
        }],
    ),
];

/// Loads the demo data; running it again changes nothing. Returns (who, email) pairs.
pub async fn seed_demo(state: &AppState) -> Result<Vec<(String, String)>, AdminError> {
    let mut accounts = Vec::new();
    for (kind, orgs) in [
        (OrgKind::Council, &DEMO_COUNCILS[..]),
        (OrgKind::Provider, &DEMO_PROVIDERS[..]),
    ] {
        for (org_name, users) in orgs {
            let name = OrganisationName::parse(org_name).map_err(AdminError::Invalid)?;
            let org_id = organisation(state, kind, &name).await?;
            for user in users.iter() {
                let email = EmailAddress::parse(user.email).map_err(AdminError::Invalid)?;
                let person = PersonName::parse(user.name).map_err(AdminError::Invalid)?;
                ensure_user(state, org_id, &email, &person, DEMO_PASSWORD, user.roles).await?;
                let roles = user
                    .roles
                    .iter()
                    .map(|r| r.label())
                    .collect::<Vec<_>>()
                    .join(", ");
                accounts.push((format!("{org_name} - {roles}"), user.email.to_string()));
            }
        }
    }
    let mut councils = Vec::new();
    for name in crate::demo_systems::councils() {
        let parsed = OrganisationName::parse(name).map_err(AdminError::Invalid)?;
        councils.push((name, organisation(state, OrgKind::Council, &parsed).await?));
    }
    let council = |name: &str| councils.iter().find(|(n, _)| *n == name).map(|(_, id)| *id);
    for demo in &crate::demo_systems::DEMO_SYSTEMS {
        crate::demo_systems::ensure(state, demo, council).await?;
    }
    crate::demo_applications::seed(state).await?;
    crate::demo_placements::seed(state).await?;
    Ok(accounts)
}
