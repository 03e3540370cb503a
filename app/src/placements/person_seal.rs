//! The person's identifying details are stored sealed with AES-256-GCM, under a key
//! derived from the portal's audit key. That key lives outside the database (in
//! configuration or the data folder), so a copy of the database alone does not name the
//! child. Each value is bound to its request and field: a sealed value copied onto
//! another request or into another field does not open.

use crate::audit::anchor::AuditKey;
use crate::ids::RequestId;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// Marks the format, so that a later one can be told apart.
const PREFIX: &str = "v1:";
const NONCE_BYTES: usize = 12;

/// A stored value that does not open under this portal's key: another portal's key, or
/// altered in the database.
#[derive(Debug, thiserror::Error)]
#[error("the person's {0} does not open with this portal's key: the key changed or the value was altered")]
pub struct SealBroken(pub &'static str);

pub struct PersonSeal(Aes256Gcm);

impl PersonSeal {
    pub fn new(key: &AuditKey) -> Self {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.as_bytes())
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        // Its own key, not the audit key itself: the two never protect the same thing.
        mac.update(b"opendps person details v1");
        PersonSeal(Aes256Gcm::new(&mac.finalize().into_bytes()))
    }

    pub fn seal(&self, request: RequestId, field: &'static str, value: &str) -> String {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let aad = bound_to(request, field);
        let sealed = self
            .0
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: value.as_bytes(),
                    aad: &aad,
                },
            )
            .unwrap_or_else(|_| unreachable!("AES-GCM seals any text under 64 GiB"));
        format!("{PREFIX}{}{}", hex::encode(nonce), hex::encode(sealed))
    }

    pub fn open(
        &self,
        request: RequestId,
        field: &'static str,
        stored: &str,
    ) -> Result<String, SealBroken> {
        let broken = || SealBroken(field);
        let bytes = stored
            .strip_prefix(PREFIX)
            .and_then(|hex_text| hex::decode(hex_text).ok())
            .filter(|bytes| bytes.len() > NONCE_BYTES)
            .ok_or_else(broken)?;
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let aad = bound_to(request, field);
        let plain = self
            .0
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: &aad,
                },
            )
            .map_err(|_| broken())?;
        String::from_utf8(plain).map_err(|_| broken())
    }
}

fn bound_to(request: RequestId, field: &str) -> Vec<u8> {
    let mut aad = request.0.to_be_bytes().to_vec();
    aad.extend_from_slice(field.as_bytes());
    aad
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seal() -> PersonSeal {
        PersonSeal::new(&AuditKey::new(vec![7; 32]).unwrap())
    }

    #[test]
    fn a_sealed_value_opens_to_the_same_text() {
        let s = seal();
        let stored = s.seal(RequestId(4), "full_name", "Amelia Testcase");
        assert_eq!(
            s.open(RequestId(4), "full_name", &stored).unwrap(),
            "Amelia Testcase"
        );
    }

    #[test]
    fn the_stored_text_does_not_show_the_value_and_differs_each_time() {
        let s = seal();
        let one = s.seal(RequestId(4), "address", "1 Example Road, London N17 0AA");
        let two = s.seal(RequestId(4), "address", "1 Example Road, London N17 0AA");
        assert!(!one.contains("Example") && !one.contains("N17"), "{one}");
        assert_ne!(one, two);
    }

    #[test]
    fn a_value_moved_to_another_request_or_field_does_not_open() {
        let s = seal();
        let stored = s.seal(RequestId(4), "full_name", "Amelia Testcase");
        assert!(s.open(RequestId(5), "full_name", &stored).is_err());
        assert!(s.open(RequestId(4), "address", &stored).is_err());
    }

    #[test]
    fn an_altered_value_does_not_open() {
        let s = seal();
        let stored = s.seal(RequestId(4), "local_reference", "HC-2026-0042");
        let last = stored.chars().last().unwrap();
        let flipped = if last == '0' { '1' } else { '0' };
        let altered = format!("{}{flipped}", &stored[..stored.len() - 1]);
        assert!(s.open(RequestId(4), "local_reference", &altered).is_err());
        assert!(s
            .open(RequestId(4), "local_reference", "HC-2026-0042")
            .is_err());
        assert!(s.open(RequestId(4), "local_reference", "v1:zz").is_err());
    }

    #[test]
    fn another_portals_key_does_not_open_it() {
        let stored = seal().seal(RequestId(4), "date_of_birth", "2013-05-01");
        let other = PersonSeal::new(&AuditKey::new(vec![8; 32]).unwrap());
        assert!(other.open(RequestId(4), "date_of_birth", &stored).is_err());
    }
}
