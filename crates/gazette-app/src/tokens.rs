//! Who may push stories over HTTP: a bearer token per source, made by
//! `gazette token create`, shown once, stored only as a hash.

use crate::{App, AppError};
use gazette_core::SourceName;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

pub use gazette_store::TokenRecord;

/// Tokens carry this prefix so a leaked one is recognisable in logs and scanners.
const PREFIX: &str = "gzt_";

/// A new token: the secret to hand to the source, and its id for listing and revoking.
pub struct NewToken {
    pub id: String,
    pub token: String,
}

fn hash(token: &str) -> String {
    // Tokens are 256 random bits: a fast hash is as strong as a slow one here.
    hex::encode(Sha256::digest(token.as_bytes()))
}

impl App {
    pub async fn create_token(&self, source: &SourceName) -> Result<NewToken, AppError> {
        let secret: [u8; 32] = rand::random();
        let token = format!("{PREFIX}{}", hex::encode(secret));
        let id = hex::encode(&Sha256::digest(token.as_bytes())[..6]);
        self.store
            .insert_token(
                &id,
                source.as_str(),
                &hash(&token),
                OffsetDateTime::now_utc(),
            )
            .await?;
        Ok(NewToken { id, token })
    }

    /// The source a presented token belongs to; `None` for an unknown or revoked token.
    pub async fn source_of_token(&self, token: &str) -> Result<Option<SourceName>, AppError> {
        if !token.starts_with(PREFIX) {
            return Ok(None);
        }
        let source = self
            .store
            .source_of_token(&hash(token), OffsetDateTime::now_utc())
            .await?;
        Ok(source.and_then(|s| SourceName::parse(&s)))
    }

    pub async fn tokens(&self) -> Result<Vec<TokenRecord>, AppError> {
        Ok(self.store.tokens().await?)
    }

    pub async fn revoke_token(&self, id: &str) -> Result<bool, AppError> {
        Ok(self.store.delete_token(id).await?)
    }
}
