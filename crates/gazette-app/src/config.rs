//! One typed configuration, layered: defaults < `gazette.toml` < `GAZETTE_*`
//! environment (`__` between nested keys) < command-line flags.

use crate::AppError;
use serde::Deserialize;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// A value that must never reach a log: its `Debug` and `Display` print a placeholder.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The data folder: the SQLite database and everything else Gazette keeps.
    pub data: PathBuf,
    /// Where the site listens.
    pub addr: SocketAddr,
    /// `postgres://…` to use PostgreSQL instead of the embedded SQLite file.
    pub database_url: Option<Secret>,
    /// A folder whose templates and static files replace the built-in ones, file by file.
    pub theme: Option<PathBuf>,
    pub site: SiteConfig,
    pub ingest: IngestConfig,
    pub pages: PageConfig,
    /// Feeds `serve` polls, each ingested as its source's stories.
    pub feeds: Vec<FeedConfig>,
    /// Routing and licence rules per source (`[sources.NAME]`).
    pub sources: std::collections::BTreeMap<gazette_core::SourceName, gazette_core::SourceRules>,
}

/// One polled RSS, Atom or JSON Feed.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    pub url: String,
    /// The source its stories belong to (lowercase letters, digits, hyphens).
    pub source: gazette_core::SourceName,
    /// How often to poll, in seconds; errors back off from this up to six hours.
    #[serde(default = "FeedConfig::default_every_seconds")]
    pub every_seconds: u64,
}

impl FeedConfig {
    fn default_every_seconds() -> u64 {
        15 * 60
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    pub name: String,
    pub tagline: String,
    /// The site's public address (`https://news.example`), for canonical links. Without
    /// it, `http://` and the listen address.
    pub public_url: Option<String>,
    /// IETF language tag of the site's pages.
    pub language: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IngestConfig {
    /// Files larger than this are refused unread.
    pub max_file_bytes: u64,
    /// The section of a story whose copy names none.
    pub default_section: String,
    /// Whether `serve` ingests files dropped into `DATA/incoming/<source>/`.
    pub watch_drop_folders: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PageConfig {
    /// Stories per page on section and author pages.
    pub page_size: i64,
    /// Rendered pages kept in memory, in mebibytes.
    pub cache_mib: u64,
    /// `Cache-Control: max-age` of pages, in seconds.
    pub max_age_seconds: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data: PathBuf::from("gazette-data"),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: None,
            theme: None,
            site: SiteConfig::default(),
            ingest: IngestConfig::default(),
            pages: PageConfig::default(),
            feeds: Vec::new(),
            sources: std::collections::BTreeMap::new(),
        }
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        Self {
            name: "Gazette".into(),
            tagline: "News from our partners and wire services".into(),
            public_url: None,
            language: "en".into(),
        }
    }
}

impl Default for IngestConfig {
    fn default() -> Self {
        Self {
            max_file_bytes: 5 * 1024 * 1024,
            default_section: "News".into(),
            watch_drop_folders: true,
        }
    }
}

impl Default for PageConfig {
    fn default() -> Self {
        Self {
            page_size: 20,
            cache_mib: 16,
            max_age_seconds: 60,
        }
    }
}

/// What the command line sets; `None` leaves the layer below in force.
#[derive(Debug, Clone, Default)]
pub struct ConfigOverrides {
    pub data: Option<PathBuf>,
    pub addr: Option<SocketAddr>,
    pub database_url: Option<String>,
    pub theme: Option<PathBuf>,
}

impl Config {
    /// Loads the layers. `file` is read when given (and must exist), else `gazette.toml`
    /// in the working folder when there is one.
    pub fn load(file: Option<&Path>, overrides: ConfigOverrides) -> Result<Self, AppError> {
        let table = match file {
            Some(path) => read_table(path)?,
            None if Path::new("gazette.toml").exists() => read_table(Path::new("gazette.toml"))?,
            None => toml::Table::new(),
        };
        Self::from_layers(table, std::env::vars(), overrides)
    }

    fn from_layers(
        mut table: toml::Table,
        vars: impl Iterator<Item = (String, String)>,
        overrides: ConfigOverrides,
    ) -> Result<Self, AppError> {
        // The file alone first, so an error names the layer it comes from.
        Config::deserialize(table.clone())
            .map_err(|e| AppError::Config(format!("in the configuration file: {e}")))?;
        apply_environment(&mut table, vars);
        let mut config = Config::deserialize(table).map_err(|e| {
            AppError::Config(format!("in the GAZETTE_* environment variables: {e}"))
        })?;
        if let Some(data) = overrides.data {
            config.data = data;
        }
        if let Some(addr) = overrides.addr {
            config.addr = addr;
        }
        if let Some(url) = overrides.database_url {
            config.database_url = Some(Secret::new(url));
        }
        if let Some(theme) = overrides.theme {
            config.theme = Some(theme);
        }
        Ok(config)
    }

    /// The site's origin, for canonical links: the configured public URL, else
    /// `http://` and the listen address.
    pub fn public_url(&self) -> String {
        match &self.site.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.addr),
        }
    }
}

fn read_table(path: &Path) -> Result<toml::Table, AppError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| AppError::Config(format!("cannot read {}: {e}", path.display())))?;
    text.parse::<toml::Table>()
        .map_err(|e| AppError::Config(format!("{}: {e}", path.display())))
}

/// `GAZETTE_SITE__NAME=Daily` sets `site.name`. Values are read as TOML when they parse
/// as a number or boolean, else as strings. Variables the command line reads itself
/// (`GAZETTE_CONFIG`) and unknown keys are left to the command line and to the strict
/// deserialisation, which names the unknown key.
fn apply_environment(table: &mut toml::Table, vars: impl Iterator<Item = (String, String)>) {
    for (name, value) in vars {
        let Some(key) = name.strip_prefix("GAZETTE_") else {
            continue;
        };
        if key == "CONFIG" || key.starts_with("TEST") || key == "CORPUS" {
            continue;
        }
        let path: Vec<String> = key
            .split("__")
            .map(|part| part.to_ascii_lowercase())
            .collect();
        let value = value
            .parse::<i64>()
            .map(toml::Value::Integer)
            .or_else(|_| value.parse::<bool>().map(toml::Value::Boolean))
            .unwrap_or(toml::Value::String(value));
        insert_path(table, &path, value);
    }
}

fn insert_path(table: &mut toml::Table, path: &[String], value: toml::Value) {
    match path {
        [] => {}
        [last] => {
            table.insert(last.clone(), value);
        }
        [first, rest @ ..] => {
            let entry = table
                .entry(first.clone())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            if let toml::Value::Table(inner) = entry {
                insert_path(inner, rest, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_with(file_text: &str, env: &[(&str, &str)], overrides: ConfigOverrides) -> Config {
        let table: toml::Table = file_text.parse().expect("toml");
        let vars = env.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        Config::from_layers(table, vars, overrides).expect("config")
    }

    #[test]
    fn defaults_are_what_a_new_user_needs() {
        let config = Config::default();
        assert_eq!(config.data, PathBuf::from("gazette-data"));
        assert_eq!(config.addr.to_string(), "127.0.0.1:8080");
        assert!(config.database_url.is_none());
        assert_eq!(config.public_url(), "http://127.0.0.1:8080");
    }

    #[test]
    fn environment_beats_file_and_flags_beat_environment() {
        let config = load_with(
            "addr = \"127.0.0.1:9000\"\n[site]\nname = \"File Times\"\n",
            &[
                ("GAZETTE_SITE__NAME", "Env Times"),
                ("GAZETTE_ADDR", "127.0.0.1:9001"),
            ],
            ConfigOverrides {
                addr: Some("127.0.0.1:9002".parse().expect("addr")),
                ..Default::default()
            },
        );
        assert_eq!(config.site.name, "Env Times");
        assert_eq!(config.addr.to_string(), "127.0.0.1:9002");
    }

    #[test]
    fn numbers_from_the_environment_are_numbers() {
        let config = load_with(
            "",
            &[("GAZETTE_PAGES__PAGE_SIZE", "7")],
            ConfigOverrides::default(),
        );
        assert_eq!(config.pages.page_size, 7);
    }

    #[test]
    fn unknown_keys_are_named() {
        let table: toml::Table = "[site]\nnmae = \"x\"\n".parse().expect("toml");
        let err = table.try_into::<Config>().expect_err("unknown key");
        assert!(err.to_string().contains("nmae"), "{err}");
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let config = Config {
            database_url: Some(Secret::new("postgres://u:hunter2@db/x")),
            ..Config::default()
        };
        assert!(!format!("{config:?}").contains("hunter2"));
    }
}

#[cfg(test)]
mod layer_errors {
    use super::*;

    #[test]
    fn an_unknown_environment_variable_is_named_as_such() {
        let vars = [("GAZETTE_SITE__NMAE".to_owned(), "x".to_owned())].into_iter();
        let err = Config::from_layers(toml::Table::new(), vars, ConfigOverrides::default())
            .expect_err("unknown key");
        let message = err.to_string();
        assert!(
            message.contains("GAZETTE_* environment") && message.contains("nmae"),
            "{message}"
        );
    }
}
