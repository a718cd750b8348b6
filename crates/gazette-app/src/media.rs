//! Wire pictures copied into the data folder and served by the site itself, so a
//! reader's browser never asks a wire's host for anything, and a picture outlives its
//! wire URL. A task inside `serve` follows the change log for the pictures stories
//! show, copies each once (checked to be an image by its bytes, within a size limit),
//! backs off from failures, and logs a change so the pages showing it are rendered again.

use crate::outbound::{self, BodyError, REQUEST_TIMEOUT};
use crate::{App, AppError};
use gazette_core::StoryId;
use gazette_formats::ImageKind;
use gazette_store::{DueMedia, StoredMedia};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use time::OffsetDateTime;

/// How long a node keeps a picture to itself while it fetches it: the longest fetch and
/// a margin to save it.
const CLAIM: Duration = Duration::from_secs(REQUEST_TIMEOUT.as_secs() + 30);
/// How often the fetcher looks for new stories and due pictures.
const TICK: Duration = Duration::from_millis(250);
/// Pictures fetched per tick, so new stories are scanned between them.
const FETCHES_PER_TICK: i64 = 8;
/// Changes read from the log per tick.
const CHANGES_PER_SCAN: i64 = 500;
const FIRST_RETRY: Duration = Duration::from_secs(60);
const LONGEST_BACKOFF: Duration = Duration::from_secs(24 * 60 * 60);

/// A copied picture's name on the site: `<sha256>.<ext>`, the only names `/media/`
/// answers for, so no request can name any other file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaName<'a> {
    sha256: &'a str,
    kind: ImageKind,
}

impl<'a> MediaName<'a> {
    /// Exactly 64 lowercase hex digits, a dot, and the extension of a served kind.
    pub fn parse(name: &'a str) -> Option<Self> {
        let (sha256, extension) = name.split_once('.')?;
        let hex = sha256.len() == 64
            && sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        Some(Self {
            sha256: hex.then_some(sha256)?,
            kind: ImageKind::from_extension(extension)?,
        })
    }

    pub fn sha256(&self) -> &str {
        self.sha256
    }

    pub fn content_type(&self) -> &'static str {
        self.kind.content_type()
    }

    /// `DATA/media/<first 2 hex>/<sha256>.<ext>`: two hex digits spread the files over
    /// 256 folders, so none grows too long to list.
    fn path_in(&self, data: &Path) -> PathBuf {
        data.join("media").join(&self.sha256[..2]).join(format!(
            "{}.{}",
            self.sha256,
            self.kind.extension()
        ))
    }
}

/// The site's address of a copied picture.
fn media_url(media: &StoredMedia) -> String {
    format!("/media/{}.{}", media.sha256, media.extension)
}

impl App {
    /// The site's address of each of a story's copied pictures, by the wire's address.
    pub(crate) async fn picture_copies(
        &self,
        story: &StoryId,
    ) -> Result<HashMap<String, String>, AppError> {
        let copies = self.store.story_media(story).await?;
        Ok(copies
            .into_iter()
            .map(|media| {
                let url = media_url(&media);
                (media.source_url, url)
            })
            .collect())
    }

    /// A copied picture's bytes, or `None` when no such copy exists.
    pub async fn media_file(&self, name: &MediaName<'_>) -> Result<Option<Vec<u8>>, AppError> {
        let path = name.path_in(&self.config.data);
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(AppError::DataFolder { path, source }),
        }
    }

    /// Copies the pictures of stored stories, until the task is dropped. Starts from the
    /// beginning of the change log, so pictures of stories stored before this run (or
    /// before pictures were copied at all) are found too.
    pub async fn run_media_fetching(self) {
        let made = if self.config.media.private_addresses {
            outbound::client("pictures")
        } else {
            outbound::public_only_client("pictures")
        };
        let client = match made {
            Ok(client) => client,
            Err(error) => {
                tracing::error!(%error, "cannot make an HTTP client; pictures are not copied");
                return;
            }
        };
        let mut seen = 0;
        loop {
            match self.note_new_pictures(seen).await {
                Ok(next) => seen = next,
                Err(e) => {
                    let error = crate::ErrorChain(&e);
                    tracing::warn!(%error, "cannot read the pictures of changed stories");
                }
            }
            if let Err(e) = self.fetch_due_pictures(&client).await {
                let error = crate::ErrorChain(&e);
                tracing::warn!(%error, "cannot record a picture fetch");
            }
            tokio::time::sleep(TICK).await;
        }
    }

    /// Records the pictures of stories changed after `seen`; returns the last change read.
    async fn note_new_pictures(&self, mut seen: i64) -> Result<i64, AppError> {
        let now = OffsetDateTime::now_utc();
        for changed in self.store.changed_stories(seen, CHANGES_PER_SCAN).await? {
            let urls: Vec<&str> = changed
                .content
                .all_pictures()
                .map(|picture| picture.src.as_str())
                .collect();
            self.store
                .note_story_media(&changed.story_id, &urls, now)
                .await?;
            seen = changed.seq;
        }
        Ok(seen)
    }

    async fn fetch_due_pictures(&self, client: &reqwest::Client) -> Result<(), AppError> {
        let now = OffsetDateTime::now_utc();
        for due in self.store.due_media(now, FETCHES_PER_TICK).await? {
            if !self
                .store
                .claim_media(&due.source_url, now, now + CLAIM)
                .await?
            {
                continue;
            }
            self.fetch_one(client, &due).await?;
        }
        Ok(())
    }

    async fn fetch_one(&self, client: &reqwest::Client, due: &DueMedia) -> Result<(), AppError> {
        let url = &due.source_url;
        match self.copy_picture(client, url).await {
            Ok(media) => {
                tracing::info!(%url, file = %media_url(&media), "picture copied");
                self.store
                    .save_fetched_media(&media, OffsetDateTime::now_utc())
                    .await?;
            }
            Err(reason) => {
                let attempts = due.attempts + 1;
                tracing::warn!(%url, %reason, attempts, "cannot copy a picture");
                let next = OffsetDateTime::now_utc() + backoff(attempts);
                self.store.save_failed_media(url, &reason, next).await?;
            }
        }
        Ok(())
    }

    /// Downloads one picture and stores it under its hash. The error is the reason in
    /// words, kept with the picture.
    async fn copy_picture(
        &self,
        client: &reqwest::Client,
        url: &str,
    ) -> Result<StoredMedia, String> {
        let parsed = reqwest::Url::parse(url).map_err(|e| format!("not a web address: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!("not an http(s) address: {}", parsed.scheme()));
        }
        if let Some(ip) = outbound::ip_literal(&parsed) {
            if !self.config.media.private_addresses && !outbound::is_public(ip) {
                return Err(format!(
                    "{ip} is not a public address (media.private_addresses is off)"
                ));
            }
        }
        let response = client
            .get(parsed)
            .send()
            .await
            .map_err(|e| format!("cannot fetch: {}", crate::ErrorChain(&e)))?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("HTTP {status}"));
        }
        let limit = self.config.media.max_bytes;
        let bytes = outbound::read_body(response, limit)
            .await
            .map_err(|e| match e {
                BodyError::TooLarge => format!("larger than {limit} bytes (media.max_bytes)"),
                BodyError::Read(e) => format!("cannot read the picture: {e}"),
            })?;
        let kind = ImageKind::sniff(&bytes).ok_or("not a JPEG, PNG, GIF, WebP or AVIF image")?;
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let name = MediaName {
            sha256: &sha256,
            kind,
        };
        write_atomically(&name.path_in(&self.config.data), &bytes)
            .await
            .map_err(|e| format!("cannot save the picture: {e}"))?;
        let (width, height) = kind.dimensions(&bytes).unzip();
        Ok(StoredMedia {
            source_url: url.to_owned(),
            extension: kind.extension().to_owned(),
            content_type: kind.content_type().to_owned(),
            byte_size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            width: width.map(i64::from),
            height: height.map(i64::from),
            sha256,
        })
    }
}

/// Writes to a temporary name beside the file, then renames: a reader (or a crash)
/// sees the whole picture or none of it.
async fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(folder) = path.parent() {
        tokio::fs::create_dir_all(folder).await?;
    }
    let temporary = path.with_extension(format!("tmp-{:08x}", rand::random::<u32>()));
    tokio::fs::write(&temporary, bytes).await?;
    if let Err(e) = tokio::fs::rename(&temporary, path).await {
        let _ = tokio::fs::remove_file(&temporary).await;
        return Err(e);
    }
    Ok(())
}

/// A minute after the first failure, doubled after each one in a row, at most a day:
/// a wire's host that is down for a while is neither hammered nor given up on.
fn backoff(attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    FIRST_RETRY
        .saturating_mul(2u32.saturating_pow(doublings))
        .min(LONGEST_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn only_a_hash_and_a_served_extension_name_a_picture() {
        let file = format!("{SHA}.png");
        let name = MediaName::parse(&file).expect("a name");
        assert_eq!(name.content_type(), "image/png");
        assert_eq!(
            name.path_in(Path::new("/data")),
            Path::new(&format!("/data/media/01/{SHA}.png"))
        );
        for bad in [
            format!("{SHA}.svg"),
            format!("{SHA}.png.png"),
            format!("{}.png", SHA.to_uppercase()),
            format!("{}.png", &SHA[1..]),
            format!("../{}.png", &SHA[3..]),
            SHA.to_owned(),
            "..%2f.png".to_owned(),
        ] {
            assert_eq!(MediaName::parse(&bad), None, "{bad}");
        }
    }

    #[test]
    fn backoff_starts_at_a_minute_and_stops_at_a_day() {
        assert_eq!(backoff(1), FIRST_RETRY);
        assert_eq!(backoff(3), FIRST_RETRY * 4);
        assert_eq!(backoff(100), LONGEST_BACKOFF);
    }
}
