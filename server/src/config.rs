//! Configuration from the environment. Anything invalid stops start-up with one
//! message naming the variable.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[error("configuration error: {variable} {problem}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub problem: String,
}

fn invalid(variable: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        problem: problem.into(),
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub site_addr: SocketAddr,
    pub base_url: String,
    pub smtp_url: Option<String>,
    pub secure_cookies: bool,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|key| std::env::var(key).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Reads settings through `get`, so tests need not touch the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let data_dir = PathBuf::from(get("OPENDPS_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url = match get("DATABASE_URL") {
            Some(url) => {
                if app::db::Backend::from_url(&url).is_none() {
                    return Err(invalid(
                        "DATABASE_URL",
                        "must start with sqlite:// or postgres://",
                    ));
                }
                url
            }
            None => format!("sqlite://{}", data_dir.join("opendps.db").display()),
        };
        let site_addr: SocketAddr = get("LEPTOS_SITE_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".into())
            .parse()
            .map_err(|_| {
                invalid(
                    "LEPTOS_SITE_ADDR",
                    "must be an address and port, like 127.0.0.1:3000",
                )
            })?;
        let base_url = match get("OPENDPS_BASE_URL") {
            Some(raw) => {
                let url = url::Url::parse(&raw).map_err(|e| {
                    invalid("OPENDPS_BASE_URL", format!("is not an absolute URL ({e})"))
                })?;
                if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                    return Err(invalid(
                        "OPENDPS_BASE_URL",
                        "must be an http:// or https:// URL",
                    ));
                }
                raw.trim_end_matches('/').to_string()
            }
            None => {
                let host = if site_addr.ip().is_unspecified() {
                    "localhost".to_string()
                } else {
                    site_addr.ip().to_string()
                };
                format!("http://{host}:{}", site_addr.port())
            }
        };
        let smtp_url = match get("SMTP_URL") {
            Some(url) if url.starts_with("smtp://") || url.starts_with("smtps://") => Some(url),
            Some(_) => return Err(invalid("SMTP_URL", "must start with smtp:// or smtps://")),
            None => None,
        };
        let secure_cookies = match get("OPENDPS_SECURE_COOKIES")
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some("false") | Some("0") | Some("no") => false,
            Some("true") | Some("1") | Some("yes") => true,
            Some(_) => return Err(invalid("OPENDPS_SECURE_COOKIES", "must be true or false")),
        };
        let trusted_proxies = match get("OPENDPS_TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(|item| item.trim().parse::<IpAddr>())
                .collect::<Result<_, _>>()
                .map_err(|_| {
                    invalid(
                        "OPENDPS_TRUSTED_PROXIES",
                        "must be IP addresses separated by commas, like 10.0.0.2,10.0.0.3",
                    )
                })?,
        };
        Ok(Config {
            database_url,
            data_dir,
            site_addr,
            base_url,
            smtp_url,
            secure_cookies,
            trusted_proxies,
        })
    }

    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_need_nothing() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://./data/opendps.db");
        assert_eq!(c.base_url, "http://127.0.0.1:3000");
        assert!(!c.secure_cookies);
        assert!(c.smtp_url.is_none());
    }

    #[test]
    fn base_url_follows_the_listen_address() {
        let c = config(&[("LEPTOS_SITE_ADDR", "0.0.0.0:8080")]).unwrap();
        assert_eq!(c.base_url, "http://localhost:8080");
    }

    #[test]
    fn trusted_proxies_are_a_list_of_addresses() {
        let c = config(&[("OPENDPS_TRUSTED_PROXIES", "10.0.0.2, ::1")]).unwrap();
        assert_eq!(
            c.trusted_proxies,
            vec![
                "10.0.0.2".parse::<IpAddr>().unwrap(),
                "::1".parse().unwrap()
            ]
        );
        assert!(config(&[]).unwrap().trusted_proxies.is_empty());
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (key, value) in [
            ("DATABASE_URL", "mysql://x"),
            ("LEPTOS_SITE_ADDR", "nowhere"),
            ("OPENDPS_BASE_URL", "dps.example.gov.uk"),
            ("SMTP_URL", "http://mail"),
            ("OPENDPS_SECURE_COOKIES", "perhaps"),
            ("OPENDPS_TRUSTED_PROXIES", "10.0.0.2, the-proxy"),
        ] {
            let error = config(&[(key, value)]).unwrap_err();
            assert_eq!(error.variable, key);
            assert!(error.to_string().contains(key));
        }
    }
}
