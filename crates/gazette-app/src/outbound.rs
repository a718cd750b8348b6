//! Gazette's requests to other servers (polled feeds, wire pictures): one way to make
//! the client and to read an answer's body within a limit, so no server can make Gazette
//! wait forever or fill its memory.

use std::time::Duration;

/// The longest one request may take, answer body included.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A client that names Gazette and what it fetches (`purpose`) to the other server.
pub(crate) fn client(purpose: &str) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .user_agent(format!("Gazette/{} ({purpose})", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Why an answer's body was not read.
pub(crate) enum BodyError {
    /// Larger than the limit: said by its Content-Length, or found while reading.
    TooLarge,
    Read(reqwest::Error),
}

/// The whole body, refused as soon as it passes `limit` bytes, whatever the
/// Content-Length promised.
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Vec<u8>, BodyError> {
    if response
        .content_length()
        .is_some_and(|length| length > limit)
    {
        return Err(BodyError::TooLarge);
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Read)? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() as u64 > limit {
            return Err(BodyError::TooLarge);
        }
    }
    Ok(bytes)
}
