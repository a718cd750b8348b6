//! Ingest tokens: stored as hashes, looked up by hash.

use crate::backend::{with_pool, Store};
use crate::StoreError;
use time::OffsetDateTime;

/// A token as listed to an administrator; the token itself is never stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRecord {
    pub id: String,
    pub source: String,
    pub created_at: OffsetDateTime,
    pub last_used_at: Option<OffsetDateTime>,
}

impl Store {
    #[tracing::instrument(skip_all)]
    pub async fn insert_token(
        &self,
        id: &str,
        source: &str,
        token_hash: &str,
        created_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        with_pool!(self, write, |pool| {
            sqlx::query(
                "INSERT INTO ingest_tokens (id, source, token_hash, created_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(source)
            .bind(token_hash)
            .bind(created_at.replace_nanosecond(0).unwrap_or(created_at))
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// The source a token hash belongs to, marking the token as used.
    #[tracing::instrument(skip_all)]
    pub async fn source_of_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<String>, StoreError> {
        Ok(with_pool!(self, write, |pool| {
            sqlx::query_scalar(
                "UPDATE ingest_tokens SET last_used_at = $1 WHERE token_hash = $2 RETURNING source",
            )
            .bind(now.replace_nanosecond(0).unwrap_or(now))
            .bind(token_hash)
            .fetch_optional(pool)
            .await?
        }))
    }

    #[tracing::instrument(skip_all)]
    pub async fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        Ok(with_pool!(self, read, |pool| {
            sqlx::query_as(
                "SELECT id, source, created_at, last_used_at FROM ingest_tokens \
                 ORDER BY source, created_at",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// Revokes a token; `false` when there was none with this id.
    #[tracing::instrument(skip_all)]
    pub async fn delete_token(&self, id: &str) -> Result<bool, StoreError> {
        let deleted = with_pool!(self, write, |pool| {
            sqlx::query("DELETE FROM ingest_tokens WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(deleted > 0)
    }
}
