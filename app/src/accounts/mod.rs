//! Accounts: organisations, people, roles, sessions, and every page for signing up,
//! in and out, recovering a password and managing colleagues.

pub mod change_password;
pub mod colleagues;
pub mod council_users;
pub mod fields;
#[cfg(feature = "ssr")]
pub mod hashing;
pub mod invitation;
pub mod password_policy;
pub mod password_reset;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod roles;
#[cfg(feature = "ssr")]
pub mod session;
pub mod sign_in;
pub mod sign_up;
pub mod throttle;
pub mod token;
pub mod types;
