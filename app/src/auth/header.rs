//! The two server functions behind every page's header: who is signed in, and signing
//! out.

use super::user::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::service::{as_anyone, redirect, set_session_cookie};

/// Who is signed in, for the header. `None` when nobody is.
#[server(prefix = "/api", endpoint = "who-am-i")]
pub async fn who_am_i() -> Result<Option<CurrentUser>, AppError> {
    Ok(super::request::current_user())
}

#[server(prefix = "/api", endpoint = "sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    as_anyone(async |ctx| super::sessions::end(ctx).await).await?;
    set_session_cookie(None);
    redirect("/signed-out")
}
