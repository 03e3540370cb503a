//! Accounts: organisations and people, and every page for signing up, in and out,
//! recovering a password and managing colleagues. Who is signed in and what they may
//! do is `auth`'s.

pub mod change_password;
pub mod colleagues;
pub mod council_users;
#[cfg(feature = "ssr")]
pub mod email_limits;
pub mod fields;
#[cfg(feature = "ssr")]
pub mod hashing;
pub mod invitation;
pub mod password_policy;
pub mod password_reset;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod sign_in;
pub mod sign_up;
pub mod throttle;
pub mod token;
pub mod types;
