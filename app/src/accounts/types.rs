//! Account data that crosses from server to browser.

use crate::auth::roles::Role;
use crate::ids::UserId;
use serde::{Deserialize, Serialize};

/// A member of an organisation as listed to their colleagues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub user_id: UserId,
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
