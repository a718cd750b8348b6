//! One typed configuration, layered: defaults < `gazette.toml` < `GAZETTE_*`
//! environment (`__` between nested keys) < command-line flags.

use crate::AppError;
use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{IntoDeserializer, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// A value that must never reach a log: its `Debug` prints a placeholder, and it has no
/// `Display`, so it cannot be formatted into a message by accident; [`Secret::expose`]
/// is the one way to the value.
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
    pub media: MediaConfig,
    pub comments: CommentsConfig,
    pub rate_limits: RateLimitsConfig,
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
    /// Rendered pages kept in memory, each with its gzip and brotli forms, in mebibytes:
    /// 12 MiB hold some 700 article pages, far more than a day of news, and keep a full
    /// crawl of a large archive under 50 MiB resident.
    pub cache_mib: u64,
    /// `Cache-Control: max-age` of pages, in seconds.
    pub max_age_seconds: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MediaConfig {
    /// Whether `serve` copies the wire's pictures into `DATA/media/`; pages show only
    /// copied pictures either way.
    pub fetch: bool,
    /// Pictures larger than this are not copied.
    pub max_bytes: u64,
    /// Whether pictures may be fetched from loopback, private and link-local addresses.
    /// Off: a picture's address comes from a story, and must not make Gazette reach the
    /// machine it runs on or its network. On for a wire server inside that network.
    pub private_addresses: bool,
}

/// Reader accounts and comments.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CommentsConfig {
    /// How long a login lasts without logging in again.
    pub session_days: i64,
    /// How long after posting a reader may edit a comment.
    pub edit_minutes: i64,
    /// Replies nest this deep; deeper replies are shown at this depth, "in reply to" whom
    /// they answer (a thread on a phone stays readable).
    pub max_depth: i64,
    /// Origins of other sites whose pages embed the comment widget
    /// (`https://blog.example.org`): their pages may post with a reader's session.
    pub embed_origins: Vec<String>,
}

/// How often one account or one address may do what readers do. Each limit allows its
/// whole count at once, then refills evenly over its period. A refused request is
/// answered 429 with `Retry-After`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimitsConfig {
    /// `false` turns every limit off (`serve --no-rate-limits`), for benchmarks and tests.
    pub enabled: bool,
    pub comments_per_account_per_minute: u32,
    pub comments_per_address_per_minute: u32,
    pub signups_per_address_per_hour: u32,
    pub logins_per_address_per_minute: u32,
    /// Behind a reverse proxy every request comes from the proxy: `true` takes the
    /// reader's address from the last entry of `X-Forwarded-For`, which the proxy sets.
    pub forwarded_for: bool,
}

impl Default for RateLimitsConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            comments_per_account_per_minute: 5,
            comments_per_address_per_minute: 20,
            signups_per_address_per_hour: 10,
            logins_per_address_per_minute: 10,
            forwarded_for: false,
        }
    }
}

impl Default for CommentsConfig {
    fn default() -> Self {
        Self {
            session_days: 30,
            edit_minutes: 15,
            max_depth: 4,
            embed_origins: Vec::new(),
        }
    }
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
            media: MediaConfig::default(),
            comments: CommentsConfig::default(),
            rate_limits: RateLimitsConfig::default(),
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

impl Default for MediaConfig {
    fn default() -> Self {
        Self {
            fetch: true,
            max_bytes: 20 * 1024 * 1024,
            private_addresses: false,
        }
    }
}

impl Default for PageConfig {
    fn default() -> Self {
        Self {
            page_size: 20,
            cache_mib: 12,
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
        let mut vars = Vec::new();
        for (name, value) in std::env::vars_os() {
            let Some(name) = name.to_str().filter(|n| n.starts_with("GAZETTE_")) else {
                continue;
            };
            let value = value.into_string().map_err(|_| {
                AppError::Config(format!(
                    "the environment variable {name} is not valid UTF-8"
                ))
            })?;
            vars.push((name.to_owned(), value));
        }
        Self::from_layers(table, vars.into_iter(), overrides)
    }

    /// The built-in defaults and the command line only: no file, no environment. For the
    /// demo, which must never pick up the data folder or database of a real site.
    pub fn built_in(overrides: ConfigOverrides) -> Result<Self, AppError> {
        Self::from_layers(toml::Table::new(), std::iter::empty(), overrides)
    }

    fn from_layers(
        mut table: toml::Table,
        vars: impl Iterator<Item = (String, String)>,
        overrides: ConfigOverrides,
    ) -> Result<Self, AppError> {
        // The file alone first, so an error names the layer it comes from.
        Config::deserialize(table.clone())
            .map_err(|e| AppError::Config(format!("in the configuration file: {e}")))?;
        apply_environment(&mut table, vars)?;
        let mut config = Config::deserialize(EnvValue(toml::Value::Table(table))).map_err(|e| {
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
        config.check()?;
        Ok(config)
    }

    /// What the types cannot say.
    fn check(&self) -> Result<(), AppError> {
        if !(1..=1000).contains(&self.pages.page_size) {
            return Err(AppError::Config(format!(
                "pages.page_size is {}; it must be between 1 and 1000",
                self.pages.page_size
            )));
        }
        Ok(())
    }

    /// The site's origin, for canonical links: the configured public URL, else
    /// `http://` and the listen address.
    /// The site's own origin (`scheme://host[:port]`), which pages that post with a
    /// reader's session must come from (or from one of `comments.embed_origins`).
    pub fn site_origin(&self) -> String {
        let url = self.public_url();
        let path_start = url
            .find("://")
            .and_then(|scheme_end| url[scheme_end + 3..].find('/').map(|i| scheme_end + 3 + i));
        match path_start {
            Some(i) => url[..i].to_owned(),
            None => url,
        }
    }

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

/// `GAZETTE_SITE__NAME=Daily` sets `site.name`. Values stay strings: the field they set
/// decides whether one is read as a number or a boolean (see [`EnvValue`]), so
/// `GAZETTE_SITE__NAME=1984` is a name. A variable that names no key is not ours (or is
/// misspelt): it is ignored, with a warning when its `__` shows it was meant as a key.
/// A value its key cannot take is an error naming the variable.
fn apply_environment(
    table: &mut toml::Table,
    vars: impl Iterator<Item = (String, String)>,
) -> Result<(), AppError> {
    for (name, value) in vars {
        let Some(key) = name.strip_prefix("GAZETTE_") else {
            continue;
        };
        // Read by the command line and by the tests, not configuration keys.
        if key == "CONFIG" || key.starts_with("TEST") || key == "CORPUS" {
            continue;
        }
        let path = key_path(key);
        match probe(&path, &value) {
            Ok(()) => insert_path(table, &path, toml::Value::String(value)),
            Err(e) if e.unknown_key && path.len() > 1 => {
                tracing::warn!(
                    "ignoring the environment variable {name}: it names no configuration key ({e})"
                );
            }
            Err(e) if e.unknown_key => match meant_key(key, &value) {
                Some(meant) => tracing::warn!(
                    "ignoring the environment variable {name}: it names no configuration key; \
                     did you mean GAZETTE_{meant}? (nested keys are joined by __)"
                ),
                None => tracing::debug!(
                    "ignoring the environment variable {name}: it names no configuration key"
                ),
            },
            Err(e) => {
                return Err(AppError::Config(format!(
                    "in the environment variable {name}: {e}"
                )))
            }
        }
    }
    Ok(())
}

/// The variable a single `_` too few misspelt (`PAGES_CACHE_MIB` for `PAGES__CACHE_MIB`),
/// when one of its `_` as `__` names a key. Other tools' `GAZETTE_*` variables name none.
fn meant_key(key: &str, value: &str) -> Option<String> {
    key.match_indices('_').find_map(|(at, _)| {
        let meant = format!("{}__{}", &key[..at], &key[at + 1..]);
        match probe(&key_path(&meant), value) {
            Err(e) if e.unknown_key => None,
            _ => Some(meant),
        }
    })
}

/// `SITE__NAME` → `["site", "name"]`.
fn key_path(key: &str) -> Vec<String> {
    key.split("__")
        .map(|part| part.to_ascii_lowercase())
        .collect()
}

/// One variable alone against the defaults: tells an unknown key from a bad value.
fn probe(path: &[String], value: &str) -> Result<(), EnvError> {
    let mut table = toml::Table::new();
    insert_path(&mut table, path, toml::Value::String(value.to_owned()));
    Config::deserialize(EnvValue(toml::Value::Table(table))).map(drop)
}

/// The merged configuration as serde reads it: the file's typed values as they are, and
/// the environment's strings turned into the number or boolean a field asks for.
struct EnvValue(toml::Value);

#[derive(Debug)]
struct EnvError {
    message: String,
    /// Serde met a key no field has.
    unknown_key: bool,
}

impl fmt::Display for EnvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EnvError {}

impl serde::de::Error for EnvError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self {
            message: message.to_string(),
            unknown_key: false,
        }
    }

    fn unknown_field(field: &str, _expected: &'static [&'static str]) -> Self {
        Self {
            message: format!("unknown key `{field}`"),
            unknown_key: true,
        }
    }
}

impl<'de> IntoDeserializer<'de, EnvError> for EnvValue {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

/// A string read as the number or boolean the field wants; any other value as it is.
macro_rules! parse_strings {
    ($($method:ident => $parsed:ty, $visit:ident, $what:literal;)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, EnvError> {
            match self.0 {
                toml::Value::String(text) => match text.trim().parse::<$parsed>() {
                    Ok(value) => visitor.$visit(value),
                    Err(_) => Err(serde::de::Error::custom(format!("{text:?} is not {}", $what))),
                },
                other => EnvValue(other).deserialize_any(visitor),
            }
        })*
    };
}

impl<'de> Deserializer<'de> for EnvValue {
    type Error = EnvError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, EnvError> {
        match self.0 {
            toml::Value::String(text) => visitor.visit_string(text),
            toml::Value::Integer(n) => visitor.visit_i64(n),
            toml::Value::Float(n) => visitor.visit_f64(n),
            toml::Value::Boolean(b) => visitor.visit_bool(b),
            toml::Value::Datetime(at) => visitor.visit_string(at.to_string()),
            toml::Value::Array(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter().map(EnvValue));
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            toml::Value::Table(table) => {
                let mut map =
                    MapDeserializer::new(table.into_iter().map(|(k, v)| (k, EnvValue(v))));
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    parse_strings! {
        deserialize_bool => bool, visit_bool, "true or false";
        deserialize_i8 => i64, visit_i64, "a whole number";
        deserialize_i16 => i64, visit_i64, "a whole number";
        deserialize_i32 => i64, visit_i64, "a whole number";
        deserialize_i64 => i64, visit_i64, "a whole number";
        deserialize_u8 => u64, visit_u64, "a whole number of at least 0";
        deserialize_u16 => u64, visit_u64, "a whole number of at least 0";
        deserialize_u32 => u64, visit_u64, "a whole number of at least 0";
        deserialize_u64 => u64, visit_u64, "a whole number of at least 0";
        deserialize_f32 => f64, visit_f64, "a number";
        deserialize_f64 => f64, visit_f64, "a number";
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, EnvError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, EnvError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit unit_struct seq tuple tuple_struct
        map struct enum identifier ignored_any
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

    fn from_env(env: &[(&str, &str)]) -> Result<Config, AppError> {
        let vars = env.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        Config::from_layers(toml::Table::new(), vars, ConfigOverrides::default())
    }

    #[test]
    fn environment_values_are_strings_unless_the_key_wants_a_number() {
        let config = from_env(&[
            ("GAZETTE_SITE__NAME", "1984"),
            ("GAZETTE_SITE__TAGLINE", "true"),
            ("GAZETTE_PAGES__MAX_AGE_SECONDS", "30"),
            ("GAZETTE_INGEST__MAX_FILE_BYTES", " 1024 "),
        ])
        .expect("config");
        assert_eq!(config.site.name, "1984");
        assert_eq!(config.site.tagline, "true");
        assert_eq!(config.pages.max_age_seconds, 30);
        assert_eq!(config.ingest.max_file_bytes, 1024);
    }

    #[test]
    fn unknown_environment_variables_are_ignored() {
        let config = from_env(&[
            ("GAZETTE_HOME", "/x"),
            ("GAZETTE_SITE__NMAE", "Typo Times"),
            ("GAZETTE_CONFIG", "elsewhere.toml"),
            ("GAZETTE_SITE__NAME", "Env Times"),
        ])
        .expect("unknown variables do not stop the configuration");
        assert_eq!(config.site.name, "Env Times");
    }

    #[test]
    fn a_single_underscore_for_a_double_one_is_told_what_was_meant() {
        assert_eq!(
            meant_key("PAGES_CACHE_MIB", "1").as_deref(),
            Some("PAGES__CACHE_MIB")
        );
        assert_eq!(
            meant_key("INGEST_MAX_FILE_BYTES", "1024").as_deref(),
            Some("INGEST__MAX_FILE_BYTES")
        );
        // Another tool's variable names no key either way.
        assert_eq!(meant_key("HOME", "/x"), None);
        assert_eq!(meant_key("BUILD_ID", "7"), None);
    }

    #[test]
    fn a_value_that_does_not_parse_names_its_variable() {
        let message = from_env(&[("GAZETTE_PAGES__PAGE_SIZE", "ten")])
            .expect_err("not a number")
            .to_string();
        assert!(
            message.contains("GAZETTE_PAGES__PAGE_SIZE") && message.contains("\"ten\""),
            "{message}"
        );
        let message = from_env(&[("GAZETTE_ADDR", "nowhere")])
            .expect_err("not an address")
            .to_string();
        assert!(message.contains("GAZETTE_ADDR"), "{message}");
    }

    #[test]
    fn the_file_layer_stays_strict_and_is_named() {
        let table: toml::Table = "[pages]\npage_size = \"7\"\n".parse().expect("toml");
        let message = Config::from_layers(table, std::iter::empty(), ConfigOverrides::default())
            .expect_err("a string where the file needs a number")
            .to_string();
        assert!(message.contains("configuration file"), "{message}");
    }

    #[test]
    fn a_page_size_of_zero_is_refused() {
        let message = from_env(&[("GAZETTE_PAGES__PAGE_SIZE", "0")])
            .expect_err("no page of zero stories")
            .to_string();
        assert!(message.contains("pages.page_size"), "{message}");
    }

    #[test]
    fn built_in_takes_only_defaults_and_flags() {
        let config = Config::built_in(ConfigOverrides {
            data: Some(PathBuf::from("gazette-demo")),
            ..Default::default()
        })
        .expect("config");
        assert_eq!(config.data, PathBuf::from("gazette-demo"));
        assert!(config.database_url.is_none());
    }
}
