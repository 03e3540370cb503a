//! The signed-in user, resolved on the server from the session cookie.

use super::roles::{OrgKind, Permission, Role};
use crate::ids::{OrganisationId, UserId};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: UserId,
    pub email: String,
    pub full_name: String,
    pub organisation_id: OrganisationId,
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
