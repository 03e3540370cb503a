//! Limits on emails sent at someone's request, so the portal cannot be used to flood a
//! mailbox: per address and per client, in a rolling hour. Over a limit the answer is
//! the same as ever and nothing more is sent. Pure.

pub const WINDOW_SECONDS: i64 = 60 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailRequest {
    PasswordReset,
    SignUp,
    Invitation,
}

impl EmailRequest {
    fn name(self) -> &'static str {
        match self {
            EmailRequest::PasswordReset => "reset",
            EmailRequest::SignUp => "sign_up",
            EmailRequest::Invitation => "invitation",
        }
    }

    /// Emails to one address in the window.
    pub fn per_address(self) -> usize {
        3
    }

    /// Requests from one client address in the window. A council office behind one
    /// address invites a whole team, so invitations allow more.
    pub fn per_client(self) -> usize {
        match self {
            EmailRequest::Invitation => 100,
            _ => 20,
        }
    }

    pub fn address_key(self, address: &str) -> String {
        format!("{}:address:{address}", self.name())
    }

    pub fn client_key(self, client: &str) -> String {
        format!("{}:client:{client}", self.name())
    }

    /// Whether one more may be sent, given how many were sent in the window.
    pub fn allows(self, to_address: usize, from_client: usize) -> bool {
        to_address < self.per_address() && from_client < self.per_client()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_reset_emails_an_hour_reach_one_address() {
        let reset = EmailRequest::PasswordReset;
        assert!(reset.allows(2, 0));
        assert!(!reset.allows(3, 0));
    }

    #[test]
    fn one_client_cannot_spray_many_addresses() {
        let reset = EmailRequest::PasswordReset;
        assert!(reset.allows(0, 19));
        assert!(!reset.allows(0, 20));
    }

    #[test]
    fn keys_name_the_request_and_the_address() {
        assert_eq!(
            EmailRequest::SignUp.address_key("a@b.uk"),
            "sign_up:address:a@b.uk"
        );
        assert_ne!(
            EmailRequest::SignUp.address_key("a@b.uk"),
            EmailRequest::PasswordReset.address_key("a@b.uk")
        );
    }
}
