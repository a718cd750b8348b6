//! Gazette's requests to other servers (polled feeds, wire pictures): one way to make
//! the client and to read an answer's body within a limit, so no server can make Gazette
//! wait forever or fill its memory.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// The longest one request may take, answer body included.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A client that names Gazette and what it fetches (`purpose`) to the other server.
pub(crate) fn client(purpose: &str) -> reqwest::Result<reqwest::Client> {
    builder(purpose).build()
}

fn builder(purpose: &str) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .user_agent(format!("Gazette/{} ({purpose})", env!("CARGO_PKG_VERSION")))
}

/// A client for addresses that come from what others send (a picture's URL in a story):
/// it reaches public internet addresses only, names resolved and redirects followed
/// included, so a story cannot make Gazette fetch from the machine itself or its network.
pub(crate) fn public_only_client(purpose: &str) -> reqwest::Result<reqwest::Client> {
    builder(purpose)
        .dns_resolver(Arc::new(PublicOnly))
        .redirect(reqwest::redirect::Policy::custom(|attempt| {
            if attempt.previous().len() >= 10 {
                attempt.error("more than 10 redirects")
            } else if let Some(ip) = ip_literal(attempt.url()).filter(|ip| !is_public(*ip)) {
                attempt.error(format!("a redirect to {ip}, which is not a public address"))
            } else {
                attempt.follow()
            }
        }))
        .build()
}

/// The address a URL names by number, if it does (a name goes through the resolver).
pub(crate) fn ip_literal(url: &reqwest::Url) -> Option<IpAddr> {
    let host = url.host_str()?;
    // IPv6 hosts are written in brackets: http://[::1]/
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()
}

/// Whether an address is on the public internet: not loopback, private, link-local,
/// shared (carrier-grade NAT), unspecified, broadcast, multicast or documentation.
pub(crate) fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => {
            let shared = ip.octets()[0] == 100 && (ip.octets()[1] & 0xC0) == 64;
            !(ip.is_loopback()
                || ip.is_private()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.is_broadcast()
                || ip.is_multicast()
                || ip.is_documentation()
                || shared)
        }
        IpAddr::V6(ip) => match ip.to_ipv4_mapped() {
            Some(v4) => is_public(IpAddr::V4(v4)),
            None => {
                !(ip.is_loopback()
                    || ip.is_unspecified()
                    || ip.is_multicast()
                    || ip.is_unique_local()
                    || ip.is_unicast_link_local())
            }
        },
    }
}

/// Resolves names as the system does, keeping public addresses only.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|addr| is_public(addr.ip()))
                .collect();
            if public.is_empty() {
                let reason = format!("{host} has no public address ({found:?})");
                return Err(reason.into());
            }
            let addrs: reqwest::dns::Addrs = Box::new(public.into_iter());
            Ok(addrs)
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.9",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.7",
            "::1",
            "::",
            "fc00::1",
            "fd12::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ] {
            let ip: IpAddr = private.parse().expect("an address");
            assert!(!is_public(ip), "{private} taken for public");
        }
        for public in [
            "93.184.216.34",
            "1.1.1.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            let ip: IpAddr = public.parse().expect("an address");
            assert!(is_public(ip), "{public} taken for private");
        }
    }
}
