//! Templates and static files: built into the binary, each replaceable by a file of the
//! same name in the theme folder (`THEME/templates/article.html`,
//! `THEME/static/gazette.css`).

use crate::WebError;
use bytes::Bytes;
use minijinja::Environment;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const BUILT_IN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("front.html", include_str!("../templates/front.html")),
    ("section.html", include_str!("../templates/section.html")),
    ("author.html", include_str!("../templates/author.html")),
    ("article.html", include_str!("../templates/article.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("account.html", include_str!("../templates/account.html")),
    ("compose.html", include_str!("../templates/compose.html")),
];

const BUILT_IN_CSS: &str = include_str!("../static/gazette.css");

pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    pub fn new(theme: Option<&Path>) -> Self {
        let mut env = Environment::new();
        env.set_formatter(escape_html_text);
        env.add_filter("truncate", truncate_words);
        let theme_templates = theme.map(|dir| dir.join("templates"));
        env.set_loader(move |name| load_template(theme_templates.as_deref(), name));
        Self { env }
    }

    pub fn render(&self, name: &str, context: impl Serialize) -> Result<String, WebError> {
        let template = self.env.get_template(name)?;
        Ok(template.render(context)?)
    }
}

/// minijinja's own escaping also writes `/` as `&#x2f;`, which makes every URL in a page
/// longer and harder to read; HTML needs only these five escaped.
fn escape_html_text(
    out: &mut minijinja::Output<'_>,
    state: &minijinja::State<'_, '_>,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(text) if state.auto_escape() == minijinja::AutoEscape::Html && !value.is_safe() => {
            let mut last = 0;
            for (at, c) in text.char_indices() {
                let escaped = match c {
                    '&' => "&amp;",
                    '<' => "&lt;",
                    '>' => "&gt;",
                    '"' => "&quot;",
                    '\'' => "&#39;",
                    _ => continue,
                };
                out.write_str(&text[last..at])?;
                out.write_str(escaped)?;
                last = at + 1;
            }
            out.write_str(&text[last..])?;
            Ok(())
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// `{{ text|truncate(200) }}`: at most that many characters, cut at a word, with "…".
fn truncate_words(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut = text
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(at, _)| at);
    let head = &text[..cut];
    let head = head.rfind(' ').map_or(head, |space| &head[..space]);
    format!("{}…", head.trim_end_matches([',', ';', ':', ' ']))
}

fn load_template(theme: Option<&Path>, name: &str) -> Result<Option<String>, minijinja::Error> {
    if let Some(dir) = theme {
        // Template names come from our code and our templates, never from requests;
        // still, refuse anything that could leave the theme folder.
        if !name.contains("..") && !name.starts_with('/') {
            let path = dir.join(name);
            if path.is_file() {
                return std::fs::read_to_string(&path).map(Some).map_err(|e| {
                    minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("{}: {e}", path.display()),
                    )
                });
            }
        }
    }
    Ok(BUILT_IN_TEMPLATES
        .iter()
        .find(|(built_in, _)| *built_in == name)
        .map(|(_, source)| (*source).to_owned()))
}

/// A static file (the stylesheet, the icon), served at a URL that names its content so
/// browsers may keep it for a year.
pub struct Asset {
    pub url: String,
    pub body: Bytes,
    pub content_type: &'static str,
}

const BUILT_IN_ASSETS: &[(&str, &str, &str)] = &[
    ("gazette", "css", BUILT_IN_CSS),
    ("icon", "svg", include_str!("../static/icon.svg")),
    ("comments", "js", include_str!("../static/comments.js")),
];

impl Asset {
    /// The built-in assets, each replaced by `THEME/static/NAME.EXT` when that exists.
    pub fn load_all(theme: Option<&Path>) -> Result<Vec<Self>, WebError> {
        BUILT_IN_ASSETS
            .iter()
            .map(|(name, extension, built_in)| {
                let file = format!("{name}.{extension}");
                let themed: Option<PathBuf> = theme
                    .map(|dir| dir.join("static").join(&file))
                    .filter(|p| p.is_file());
                let body = match themed {
                    Some(path) => Bytes::from(
                        std::fs::read(&path)
                            .map_err(|e| WebError::Theme(format!("{}: {e}", path.display())))?,
                    ),
                    None => Bytes::from_static(built_in.as_bytes()),
                };
                let hash = hex::encode(&Sha256::digest(&body)[..6]);
                let content_type = match *extension {
                    "css" => "text/css; charset=utf-8",
                    "js" => "text/javascript; charset=utf-8",
                    _ => "image/svg+xml",
                };
                Ok(Self {
                    url: format!("/static/{name}.{hash}.{extension}"),
                    body,
                    content_type,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_but_leaves_slashes_readable() {
        let mut env = Environment::new();
        env.set_formatter(escape_html_text);
        env.add_template("t.html", "<a href=\"{{ url }}\">{{ text }}</a>")
            .expect("template");
        let html = env
            .get_template("t.html")
            .and_then(|t| {
                t.render(minijinja::context! { url => "/articles/x", text => "<script>\"&'" })
            })
            .expect("renders");
        assert_eq!(
            html,
            "<a href=\"/articles/x\">&lt;script&gt;&quot;&amp;&#39;</a>"
        );
    }

    #[test]
    fn truncate_cuts_at_a_word() {
        assert_eq!(truncate_words("one two three", 9), "one two…");
        assert_eq!(truncate_words("short", 9), "short");
    }
}
