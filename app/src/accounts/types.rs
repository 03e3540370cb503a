//! Account data that crosses from server to browser.

use super::roles::{OrgKind, Permission, Role};
use serde::{Deserialize, Serialize};

/// The signed-in user, resolved on the server from the session cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: i64,
    pub email: String,
    pub full_name: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub org_kind: OrgKind,
    pub roles: Vec<Role>,
}

impl CurrentUser {
    pub fn can(&self, permission: Permission) -> bool {
        super::roles::allows(&self.roles, permission)
    }

    /// Where this user lands after signing in.
    pub fn home(&self) -> &'static str {
        match self.org_kind {
            OrgKind::Council => "/council",
            OrgKind::Provider => "/provider",
        }
    }
}

/// A member of an organisation as listed to their colleagues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub user_id: i64,
    pub full_name: String,
    pub email: String,
    pub roles: Vec<Role>,
    /// False until an invited person accepts and sets a password.
    pub joined: bool,
}

impl Member {
    /// The name to list: invited people have not given one yet.
    pub fn display_name(&self) -> String {
        if self.full_name.is_empty() {
            "Not yet joined".to_string()
        } else {
            self.full_name.clone()
        }
    }

    pub fn role_labels(&self) -> String {
        self.roles
            .iter()
            .map(|r| r.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}
