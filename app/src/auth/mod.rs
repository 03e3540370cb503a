//! Who is asking and what they may do: the signed-in user, their session, and the one
//! table of permissions. Every feature uses this; it uses no feature.

pub mod header;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod request;
pub mod roles;
#[cfg(feature = "ssr")]
pub mod sessions;
pub mod user;
