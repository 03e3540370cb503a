//! The address a request came from, for sign-in throttling and the audit log.
//!
//! Behind a reverse proxy every connection comes from the proxy, so throttling by the
//! peer address would lock everyone out together. `X-Forwarded-For` is only believed
//! when the peer is a proxy the council listed in `OPENDPS_TRUSTED_PROXIES`, and then
//! only up to the first hop that is not one of its proxies: anything further left was
//! written by the client and could be forged.

use std::net::IpAddr;

pub fn client_address(
    peer: IpAddr,
    forwarded_for: Option<&str>,
    trusted_proxies: &[IpAddr],
) -> IpAddr {
    if !trusted_proxies.contains(&peer) {
        return peer;
    }
    let Some(header) = forwarded_for else {
        return peer;
    };
    let mut nearest = peer;
    for hop in header.rsplit(',') {
        match hop.trim().parse::<IpAddr>() {
            Ok(address) if trusted_proxies.contains(&address) => nearest = address,
            Ok(address) => return address,
            // A malformed hop ends what can be trusted; the last good one answers.
            Err(_) => return nearest,
        }
    }
    nearest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let got = client_address(ip("203.0.113.9"), Some("198.51.100.1"), &[]);
        assert_eq!(got, ip("203.0.113.9"));
    }

    #[test]
    fn an_untrusted_peer_cannot_claim_another_address() {
        let got = client_address(ip("203.0.113.9"), Some("198.51.100.1"), &[ip("10.0.0.2")]);
        assert_eq!(got, ip("203.0.113.9"));
    }

    #[test]
    fn a_trusted_proxy_passes_on_the_client() {
        let got = client_address(ip("10.0.0.2"), Some("198.51.100.1"), &[ip("10.0.0.2")]);
        assert_eq!(got, ip("198.51.100.1"));
    }

    #[test]
    fn forged_hops_left_of_the_first_untrusted_one_are_ignored() {
        let trusted = [ip("10.0.0.2"), ip("10.0.0.3")];
        let got = client_address(
            ip("10.0.0.2"),
            Some("1.2.3.4, 198.51.100.1, 10.0.0.3"),
            &trusted,
        );
        assert_eq!(got, ip("198.51.100.1"));
    }

    #[test]
    fn a_malformed_header_falls_back_to_the_nearest_trusted_hop() {
        let got = client_address(ip("10.0.0.2"), Some("not-an-address"), &[ip("10.0.0.2")]);
        assert_eq!(got, ip("10.0.0.2"));
        let missing = client_address(ip("10.0.0.2"), None, &[ip("10.0.0.2")]);
        assert_eq!(missing, ip("10.0.0.2"));
    }

    #[test]
    fn ipv6_clients_are_understood() {
        let got = client_address(ip("::1"), Some("2001:db8::7"), &[ip("::1")]);
        assert_eq!(got, ip("2001:db8::7"));
    }
}
