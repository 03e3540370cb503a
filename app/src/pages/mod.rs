pub mod home;
pub mod info;
