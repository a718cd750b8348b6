//! A same-machine nudge between processes sharing a data folder: `gazette ingest` tells a
//! running `gazette serve` that the store changed and waits until the server has read
//! the change log, so every page shows the new story by the time the ingest command has
//! returned. Servers on other machines (PostgreSQL) follow the change log by polling.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SOCKET_NAME: &str = "serve.sock";
/// How long a writer waits for the server to confirm; a server that takes longer is
/// busy and will still catch up by polling.
const CONFIRM_TIMEOUT: Duration = Duration::from_secs(2);

fn socket_path(data: &Path) -> PathBuf {
    data.join(SOCKET_NAME)
}

/// Tells a server on this data folder, if one listens, that the store changed, and
/// waits for it to confirm. Best effort: with no server listening, nothing happens.
pub(crate) async fn nudge_local_server(data: &Path) {
    let path = socket_path(data);
    if !path.exists() {
        return;
    }
    let exchange = async {
        let mut stream = tokio::net::UnixStream::connect(&path).await?;
        stream.write_all(b"changed\n").await?;
        let mut reply = [0u8; 3];
        stream.read_exact(&mut reply).await?;
        Ok::<_, io::Error>(())
    };
    match tokio::time::timeout(CONFIRM_TIMEOUT, exchange).await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => tracing::debug!(%error, "no server took the change nudge"),
        Err(_) => tracing::debug!("the server did not confirm the change nudge in time"),
    }
}

/// The server's end of the nudge.
pub struct ChangeNudges {
    listener: tokio::net::UnixListener,
    path: PathBuf,
}

/// One nudge received; answer it with [`Nudge::confirm`] once the change log is read.
pub struct Nudge(tokio::net::UnixStream);

impl Nudge {
    pub async fn confirm(mut self) {
        if let Err(error) = self.0.write_all(b"ok\n").await {
            tracing::debug!(%error, "cannot confirm a change nudge");
        }
    }
}

impl ChangeNudges {
    /// Listens on the data folder's socket. A socket file left by a server that died is
    /// replaced; one that a live server still listens on is left alone (`Ok(None)`), and
    /// this server relies on polling.
    pub fn listen(data: &Path) -> io::Result<Option<Self>> {
        let path = socket_path(data);
        match tokio::net::UnixListener::bind(&path) {
            Ok(listener) => Ok(Some(Self { listener, path })),
            Err(e) if e.kind() == io::ErrorKind::AddrInUse => {
                match std::os::unix::net::UnixStream::connect(&path) {
                    Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                        std::fs::remove_file(&path)?;
                        let listener = tokio::net::UnixListener::bind(&path)?;
                        Ok(Some(Self { listener, path }))
                    }
                    _ => Ok(None),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Waits for the next nudge.
    pub async fn next(&self) -> Option<Nudge> {
        match self.listener.accept().await {
            Ok((mut stream, _)) => {
                let mut line = [0u8; 8];
                // The content does not matter; reading it keeps the exchange orderly.
                let _ = tokio::time::timeout(CONFIRM_TIMEOUT, stream.read(&mut line)).await;
                Some(Nudge(stream))
            }
            Err(error) => {
                tracing::debug!(%error, "change nudge socket");
                // Do not spin on a broken socket; polling carries on.
                tokio::time::sleep(Duration::from_secs(1)).await;
                None
            }
        }
    }
}

impl Drop for ChangeNudges {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
