//! Reader accounts: sign up, log in, log out, and the reader behind a session cookie.
//!
//! Passwords are hashed with argon2id (OWASP's first choice) on a blocking thread, since
//! one hash takes tens of milliseconds by design. Session tokens are 256 random bits,
//! handed to the browser once and stored only as their SHA-256.

use crate::{App, AppError};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use gazette_core::{check_password, AccountRefusal, DisplayName, Email, Role};
use gazette_store::{AccountRecord, NewAccount, StoreError};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

/// A logged-in reader, as the use cases that check permissions see them.
#[derive(Debug, Clone)]
pub struct Reader {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub email_confirmed: bool,
    pub banned_until: Option<OffsetDateTime>,
}

impl Reader {
    pub fn is_banned(&self, now: OffsetDateTime) -> bool {
        self.banned_until.is_some_and(|until| until > now)
    }
}

/// A new session: the token for the cookie (never stored) and when it ends.
#[derive(Debug)]
pub struct Session {
    pub token: String,
    pub expires_at: OffsetDateTime,
    pub reader: Reader,
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn reader_of(record: AccountRecord) -> Result<Reader, AppError> {
    let role = Role::parse(&record.role).ok_or_else(|| {
        AppError::Store(StoreError::Corrupt(format!(
            "account {} has the unknown role {:?}",
            record.id, record.role
        )))
    })?;
    Ok(Reader {
        id: record.id,
        name: record.name,
        email: record.email,
        role,
        email_confirmed: record.email_confirmed_at.is_some(),
        banned_until: record.banned_until,
    })
}

async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
            .expect("16 bytes make a valid salt");
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| AppError::Password(e.to_string()))
    })
    .await
    .map_err(AppError::Worker)?
}

/// Whether `password` matches `stored`. With no stored hash (no such account, or an
/// imported author who has not claimed theirs) a hash is still computed, so the answer
/// takes as long and does not tell which emails have accounts.
async fn password_matches(password: String, stored: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let argon2 = Argon2::default();
        match stored.as_deref().map(PasswordHash::new) {
            Some(Ok(hash)) => Ok(argon2.verify_password(password.as_bytes(), &hash).is_ok()),
            Some(Err(e)) => Err(AppError::Password(e.to_string())),
            None => {
                let salt = SaltString::encode_b64(&[0; 16]).expect("16 bytes make a valid salt");
                let _ = argon2.hash_password(password.as_bytes(), &salt);
                Ok(false)
            }
        }
    })
    .await
    .map_err(AppError::Worker)?
}

impl App {
    /// Makes an account and logs it in.
    pub async fn sign_up(
        &self,
        email: &str,
        password: &str,
        name: &str,
    ) -> Result<Session, AppError> {
        let email = Email::parse(email)?;
        let name = DisplayName::parse(name)?;
        check_password(password)?;
        let password_hash = hash_password(password.to_owned()).await?;
        let id = uuid::Uuid::now_v7().to_string();
        let inserted = self
            .store
            .insert_account(&NewAccount {
                id: &id,
                email: email.as_str(),
                name: name.as_str(),
                password_hash: &password_hash,
                created_at: OffsetDateTime::now_utc(),
            })
            .await;
        match inserted {
            Err(StoreError::Conflict) => return Err(AppError::EmailTaken),
            other => other?,
        }
        self.log_in(email.as_str(), password).await
    }

    /// Checks the password and opens a session. A wrong email and a wrong password get
    /// the same answer.
    pub async fn log_in(&self, email: &str, password: &str) -> Result<Session, AppError> {
        let record = match Email::parse(email) {
            Ok(email) => self.store.account_by_email(email.as_str()).await?,
            Err(_) => None,
        };
        let record = record.filter(|r| r.deleted_at.is_none());
        let stored = record.as_ref().and_then(|r| r.password_hash.clone());
        if !password_matches(password.to_owned(), stored).await? {
            return Err(AppError::LoginFailed);
        }
        let reader = reader_of(record.ok_or(AppError::LoginFailed)?)?;
        let token = hex::encode(rand::random::<[u8; 32]>());
        let now = OffsetDateTime::now_utc();
        let expires_at = now + Duration::days(self.config.comments.session_days);
        self.store
            .insert_session(&token_hash(&token), &reader.id, now, expires_at)
            .await?;
        Ok(Session {
            token,
            expires_at,
            reader,
        })
    }

    /// The reader a session cookie belongs to; `None` for an unknown or expired session.
    pub async fn reader_of_session(&self, token: &str) -> Result<Option<Reader>, AppError> {
        let record = self
            .store
            .account_by_session(&token_hash(token), OffsetDateTime::now_utc())
            .await?;
        record.map(reader_of).transpose()
    }

    pub async fn log_out(&self, token: &str) -> Result<(), AppError> {
        Ok(self.store.delete_session(&token_hash(token)).await?)
    }
}

impl From<AccountRefusal> for AppError {
    fn from(refusal: AccountRefusal) -> Self {
        AppError::AccountRefused(refusal)
    }
}
