//! Administrative commands: the first council admin, and demo data.

use app::accounts::{
    fields::{EmailAddress, OrganisationName, PersonName},
    hashing, password_policy,
    repo::{self, NewUser},
    roles::{OrgKind, Role},
};
use app::audit;
use app::db::{now, Db};
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

/// Finds the organisation by name or creates it; returns its id.
async fn organisation(db: &Db, kind: OrgKind, name: &OrganisationName) -> Result<i64, AdminError> {
    let mut tx = db.begin().await?;
    if let Some(id) = repo::organisation_id_by_name(&mut tx, kind, &name.key()).await? {
        return Ok(id);
    }
    let now = now();
    let id = repo::create_organisation(&mut tx, kind, name.as_str(), &name.key(), now).await?;
    audit::append(
        &mut tx,
        audit::AuditEvent {
            actor_user_id: None,
            actor: "system",
            organisation_id: Some(id),
            action: "organisation_created",
            subject: format!("organisation:{id}"),
            before: json!(null),
            after: json!({ "name": name.as_str(), "kind": kind.as_str() }),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Creates a ready-to-use (verified) user with `roles` in the organisation, or, when the
/// email already belongs to that organisation, adds the roles. Returns a description.
async fn ensure_user(
    db: &Db,
    organisation_id: i64,
    email: &EmailAddress,
    name: &PersonName,
    password: &str,
    roles: &[Role],
) -> Result<String, AdminError> {
    let exists = repo::user_by_email(&mut *db.pool.acquire().await?, email.as_str())
        .await?
        .is_some();
    // Hashing is slow: only for a user about to be created.
    let password_hash = match exists {
        true => String::new(),
        false => hashing::hash_password(password.to_string()).await?,
    };
    let now = now();
    let mut tx = db.begin().await?;
    let (user_id, action) = match repo::user_by_email(&mut tx, email.as_str()).await? {
        Some(user) if user.organisation_id != organisation_id => {
            return Err(AdminError::Invalid(format!(
                "{} already belongs to another organisation",
                email.as_str()
            )))
        }
        Some(user) => (user.id, "roles_changed"),
        None => {
            let id = repo::create_user(
                &mut tx,
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
            (id, "user_created")
        }
    };
    let before = repo::roles_of(&mut tx, user_id).await?;
    let mut after = before.clone();
    for role in roles {
        if !after.contains(role) {
            after.push(*role);
        }
    }
    after.sort();
    if action == "roles_changed" && after == before {
        return Ok(format!("{} already has these roles", email.as_str()));
    }
    repo::set_roles(&mut tx, user_id, &after).await?;
    audit::append(
        &mut tx,
        audit::AuditEvent {
            actor_user_id: None,
            actor: "system",
            organisation_id: Some(organisation_id),
            action,
            subject: format!("user:{user_id}"),
            before: json!({ "roles": before.iter().map(|r| r.as_str()).collect::<Vec<_>>() }),
            after: json!({ "email": email.as_str(), "roles": after.iter().map(|r| r.as_str()).collect::<Vec<_>>() }),
        },
        now,
    )
    .await?;
    tx.commit().await?;
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
    db: &Db,
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
    let council_id = organisation(db, OrgKind::Council, &council).await?;
    ensure_user(
        db,
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

const DEMO_COUNCILS: [(&str, &[DemoUser]); 2] = [
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
];

const DEMO_PROVIDERS: [(&str, &[DemoUser]); 3] = [
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
];

/// Loads the demo data; running it again changes nothing. Returns (who, email) pairs.
pub async fn seed_demo(db: &Db) -> Result<Vec<(String, String)>, AdminError> {
    let mut accounts = Vec::new();
    for (kind, orgs) in [
        (OrgKind::Council, &DEMO_COUNCILS[..]),
        (OrgKind::Provider, &DEMO_PROVIDERS[..]),
    ] {
        for (org_name, users) in orgs {
            let name = OrganisationName::parse(org_name).map_err(AdminError::Invalid)?;
            let org_id = organisation(db, kind, &name).await?;
            for user in users.iter() {
                let email = EmailAddress::parse(user.email).map_err(AdminError::Invalid)?;
                let person = PersonName::parse(user.name).map_err(AdminError::Invalid)?;
                ensure_user(db, org_id, &email, &person, DEMO_PASSWORD, user.roles).await?;
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
    Ok(accounts)
}
