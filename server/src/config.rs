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
    /// The sender of every email, e.g. `OpenDPS <no-reply@dps.sefton.gov.uk>`.
    pub mail_from: String,
    /// Where replies go when an email names no one better.
    pub mail_reply_to: Option<String>,
    /// The audit log's key; `None` reads (or first creates) `<data dir>/audit.key`.
    pub audit_key: Option<String>,
    /// Where uploaded files go: `<data dir>/files` unless an object store is named.
    pub storage: app::storage::StorageConfig,
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
        let https = base_url.starts_with("https://");
        let secure_cookies = match get("OPENDPS_SECURE_COOKIES")
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            // Behind TLS cookies are Secure unless someone says otherwise.
            None => https,
            Some("false") | Some("0") | Some("no") => false,
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
        let base_host = url::Url::parse(&base_url)
            .ok()
            .and_then(|u| match u.host() {
                Some(url::Host::Domain(domain)) if domain.contains('.') => Some(domain.to_string()),
                _ => None,
            });
        let mail_from = match (get("OPENDPS_MAIL_FROM"), &base_host, &smtp_url) {
            (Some(from), _, _) => from,
            (None, Some(domain), _) => format!("OpenDPS <no-reply@{domain}>"),
            // Written to files only: any well-formed address will do.
            (None, None, None) => "OpenDPS <no-reply@opendps.invalid>".into(),
            (None, None, Some(_)) => {
                return Err(invalid(
                    "OPENDPS_MAIL_FROM",
                    "must be set when SMTP_URL is and OPENDPS_BASE_URL has no domain name: the address emails come from, like OpenDPS <no-reply@dps.your-council.gov.uk>",
                ))
            }
        };
        let mailbox = |variable: &'static str, value: &str| {
            value
                .parse::<lettre::message::Mailbox>()
                .map(|_| ())
                .map_err(|_| {
                    invalid(
                        variable,
                        "must be an email address, like OpenDPS <no-reply@dps.your-council.gov.uk>",
                    )
                })
        };
        mailbox("OPENDPS_MAIL_FROM", &mail_from)?;
        let mail_reply_to = get("OPENDPS_MAIL_REPLY_TO");
        if let Some(reply_to) = &mail_reply_to {
            mailbox("OPENDPS_MAIL_REPLY_TO", reply_to)?;
        }
        let audit_key = get("OPENDPS_AUDIT_KEY");
        if let Some(key) = &audit_key {
            app::audit::anchor::AuditKey::new(key.as_bytes().to_vec())
                .map_err(|problem| invalid("OPENDPS_AUDIT_KEY", problem))?;
        }
        let storage = match get("OPENDPS_STORAGE").as_deref() {
            None | Some("local") => app::storage::StorageConfig::Local {
                root: data_dir.join("files"),
            },
            Some("s3") => app::storage::StorageConfig::S3 {
                bucket: get("OPENDPS_S3_BUCKET").ok_or_else(|| {
                    invalid(
                        "OPENDPS_S3_BUCKET",
                        "must name the bucket when OPENDPS_STORAGE is s3",
                    )
                })?,
                region: get("OPENDPS_S3_REGION").unwrap_or_else(|| "eu-west-2".into()),
                endpoint: get("OPENDPS_S3_ENDPOINT"),
                // Otherwise the usual AWS_* variables, or the instance's role.
                credentials: get("OPENDPS_S3_ACCESS_KEY_ID")
                    .zip(get("OPENDPS_S3_SECRET_ACCESS_KEY")),
            },
            Some(_) => return Err(invalid("OPENDPS_STORAGE", "must be local or s3")),
        };
        Ok(Config {
            storage,
            mail_from,
            mail_reply_to,
            audit_key,
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

    /// The audit key: configured, or read from the data folder, or generated there on
    /// first start (readable by the portal's user only).
    pub fn load_audit_key(&self) -> Result<app::audit::anchor::AuditKey, String> {
        use app::audit::anchor::AuditKey;
        if let Some(key) = &self.audit_key {
            return AuditKey::new(key.as_bytes().to_vec());
        }
        let path = self.data_dir.join("audit.key");
        match std::fs::read(&path) {
            Ok(bytes) => AuditKey::new(bytes).map_err(|p| format!("{}: {p}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = AuditKey::generate();
                write_private(&path, key.as_bytes())
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                Ok(key)
            }
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }
}

fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(bytes)
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
    fn behind_tls_cookies_are_secure_unless_turned_off() {
        let https = [("OPENDPS_BASE_URL", "https://dps.sefton.gov.uk")];
        assert!(config(&https).unwrap().secure_cookies);
        let off = [https[0], ("OPENDPS_SECURE_COOKIES", "false")];
        assert!(!config(&off).unwrap().secure_cookies);
    }

    #[test]
    fn mail_comes_from_the_portals_own_domain_or_as_configured() {
        let c = config(&[("OPENDPS_BASE_URL", "https://dps.sefton.gov.uk")]).unwrap();
        assert_eq!(c.mail_from, "OpenDPS <no-reply@dps.sefton.gov.uk>");
        let c = config(&[("OPENDPS_MAIL_FROM", "Sefton DPS <dps@sefton.gov.uk>")]).unwrap();
        assert_eq!(c.mail_from, "Sefton DPS <dps@sefton.gov.uk>");
        // Real mail from a bare IP address would be refused: the sender must be named.
        let error = config(&[("SMTP_URL", "smtp://mail:25")]).unwrap_err();
        assert_eq!(error.variable, "OPENDPS_MAIL_FROM");
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
            ("OPENDPS_MAIL_FROM", "not an address"),
            ("OPENDPS_MAIL_REPLY_TO", "nobody"),
            ("OPENDPS_AUDIT_KEY", "short"),
        ] {
            let error = config(&[(key, value)]).unwrap_err();
            assert_eq!(error.variable, key);
            assert!(error.to_string().contains(key));
        }
    }
}
