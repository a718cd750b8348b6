//! The command line as a user runs it: `serve`, `demo`, `ingest` and their help.

use crate::helpers::*;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn gazette() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gazette"));
    command.env_remove("GAZETTE_DATABASE_URL");
    command
}

/// Starts a long-running command and waits for the log line that says where the site is.
fn start_and_find_address(mut command: Command) -> (Child, String, Vec<String>) {
    let mut child = command
        .env_remove("NO_COLOR")
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn gazette");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    for line in BufReader::new(stderr).lines() {
        let line = line.expect("log line");
        lines.push(line.clone());
        if let Some(at) = line.find("http://") {
            let address = line[at..]
                .split_whitespace()
                .next()
                .expect("url")
                .trim_end_matches('/')
                .to_owned();
            return (child, address, lines);
        }
        assert!(Instant::now() < deadline, "no address logged: {lines:?}");
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("gazette stopped before saying where the site is: {lines:?}");
}

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn serve_creates_its_data_folder_and_says_where_the_site_is() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("new-site");
    let mut command = gazette();
    command
        .args(["serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(&data);
    let (child, address, lines) = start_and_find_address(command);
    let _running = Running(child);
    assert!(
        data.join("gazette.sqlite").exists(),
        "the data folder and database are created"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Gazette is serving the site at http://127.0.0.1:")),
        "{lines:?}"
    );
    assert!(
        lines.iter().all(|l| !l.contains('\x1b')),
        "no colour codes in logs that go to a pipe: {lines:?}"
    );
    let body = reqwest::get(format!("{address}/"))
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    assert!(body.contains("No stories yet"));
}

#[tokio::test]
async fn demo_serves_a_living_edition() {
    let dir = tempfile::tempdir().expect("dir");
    let mut command = gazette();
    command
        .args(["demo", "--addr", "127.0.0.1:0", "--data"])
        .arg(dir.path().join("demo"));
    let (child, address, _) = start_and_find_address(command);
    let _running = Running(child);
    let front = reqwest::get(format!("{address}/"))
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    let articles: std::collections::BTreeSet<_> = front
        .match_indices("href=\"/articles/")
        .map(|(at, _)| &front[at..at + front[at + 6..].find('"').expect("quote") + 6])
        .collect();
    assert!(
        articles.len() >= 12,
        "{} articles on the front page",
        articles.len()
    );
    assert!(
        count(&front, "<li><a href=\"/sections/") >= 3,
        "at least three sections in the navigation"
    );
}

#[test]
fn ingest_prints_a_line_per_story_and_a_summary() {
    let dir = tempfile::tempdir().expect("dir");
    let output = gazette()
        .args(["ingest", "--data"])
        .arg(dir.path())
        .arg(fixture("harbor-ferry.txt"))
        .arg(fixture("bad/no-body.txt"))
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<_> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with("published") && lines[0].contains("/articles/council-approves"),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with("rejected") && lines[1].contains("line 11: the story has no body"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "1 published, 0 held, 0 stored, 0 updated, 0 unchanged, 0 duplicate, 0 skipped, 1 rejected"
        ),
        "{stderr}"
    );
}

/// Off a terminal (as here, and in scripts and logs) there is no progress bar, but the
/// summary still comes, on stderr, also with `--json`, whose stdout stays one report a
/// line.
#[test]
fn ingest_off_a_terminal_prints_the_summary_and_no_bar() {
    let dir = tempfile::tempdir().expect("dir");
    let output = gazette()
        .args(["ingest", "--json", "--data"])
        .arg(dir.path())
        .arg(fixture("harbor-ferry.txt"))
        .arg(fixture("bad/no-body.txt"))
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in stdout.lines() {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|e| panic!("not a JSON report: {line:?}: {e}"));
    }
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains('\r'),
        "a progress bar off a terminal: {stderr:?}"
    );
    let summary = stderr.lines().last().unwrap_or_default();
    let (counts, rate) = summary.split_once(": ").expect("counts: rate");
    assert_eq!(
        counts,
        "1 published, 0 held, 0 stored, 0 updated, 0 unchanged, 0 duplicate, 0 skipped, 1 rejected"
    );
    let words: Vec<&str> = rate.split(' ').collect();
    assert!(
        matches!(words.as_slice(), ["2", "items", "in", seconds, "s,", per_second, "items/s"]
            if seconds.parse::<f64>().is_ok() && per_second.parse::<u64>().is_ok()),
        "{summary}"
    );
}

#[test]
fn ingest_of_a_missing_path_is_rejected_not_a_crash() {
    let dir = tempfile::tempdir().expect("dir");
    let output = gazette()
        .args(["ingest", "--json", "--data"])
        .arg(dir.path())
        .arg(dir.path().join("no-such-file.txt"))
        .output()
        .expect("run");
    let (code, reports) = parse_ingest_output(&output);
    assert_eq!(code, 1);
    assert_eq!(reports[0].status, "rejected");
    assert!(
        reports[0]
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("No such file"),
        "{reports:?}"
    );
}

#[test]
fn every_command_explains_itself() {
    for (args, expected) in [
        (
            vec!["--help"],
            vec!["serve", "ingest", "demo", "gazette.toml"],
        ),
        (
            vec!["serve", "--help"],
            vec![
                "--data",
                "--addr",
                "--database-url",
                "--theme",
                "--config",
                "GAZETTE_DATA",
                "./gazette-data",
                "127.0.0.1:8080",
                "gazette.toml",
                "GAZETTE_SITE__NAME",
                "__ between nested",
            ],
        ),
        (
            vec!["ingest", "--help"],
            vec![
                "--json",
                "unchanged",
                "rejected",
                "PATH",
                "./gazette-data",
                "GAZETTE_SITE__NAME",
            ],
        ),
        (
            vec!["demo", "--help"],
            vec![
                "--data",
                "--addr",
                "--database-url",
                "gazette-demo",
                "127.0.0.1:8080",
                "no GAZETTE_*",
            ],
        ),
    ] {
        let output = gazette().args(&args).output().expect("run");
        assert!(output.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&output.stdout);
        for word in expected {
            assert!(
                text.contains(word),
                "`gazette {}` does not mention {word}:\n{text}",
                args.join(" ")
            );
        }
    }
}

#[test]
fn a_bad_configuration_is_named() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("gazette.toml");
    std::fs::write(&file, "[site]\nnmae = \"Typo Times\"\n").expect("write");
    let output = gazette()
        .args(["ingest", "--config"])
        .arg(&file)
        .arg("--data")
        .arg(dir.path())
        .arg(fixture("harbor-ferry.txt"))
        .output()
        .expect("run");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nmae"), "{stderr}");
}

#[test]
fn demo_never_uses_the_setup_of_a_real_site() {
    let dir = tempfile::tempdir().expect("dir");
    let real = dir.path().join("real-site");
    std::fs::write(
        dir.path().join("gazette.toml"),
        format!(
            "data = \"{}\"\ndatabase_url = \"postgres://u:hunter2@127.0.0.1:1/real\"\n",
            real.join("from-file").display()
        ),
    )
    .expect("write");
    let mut command = gazette();
    command
        .current_dir(dir.path())
        .env("GAZETTE_DATA", real.join("from-env"))
        .env(
            "GAZETTE_DATABASE_URL",
            "postgres://u:hunter2@127.0.0.1:1/real",
        )
        .env("GAZETTE_ADDR", "127.0.0.1:1")
        .env("GAZETTE_CONFIG", dir.path().join("gazette.toml"))
        .args(["demo", "--addr", "127.0.0.1:0"]);
    let (child, address, lines) = start_and_find_address(command);
    let _running = Running(child);
    assert!(
        dir.path().join("gazette-demo/gazette.sqlite").exists(),
        "the demo keeps to ./gazette-demo: {lines:?}"
    );
    assert!(!real.exists(), "nothing of the real site's folders is made");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("data folder gazette-demo, sqlite database")),
        "{lines:?}"
    );
    assert!(address.starts_with("http://127.0.0.1:"));
}

#[test]
fn a_database_password_is_never_printed_and_a_refused_connection_fails_fast() {
    let dir = tempfile::tempdir().expect("dir");
    for (url, cause) in [
        ("mysql://u:hunter2@127.0.0.1/x", "unsupported database URL"),
        ("postgres://u:hunter2@127.0.0.1:1/x", "refused"),
    ] {
        let started = Instant::now();
        let by_flag = gazette()
            .args(["ingest", "--data"])
            .arg(dir.path())
            .args(["--database-url", url])
            .arg(fixture("harbor-ferry.txt"))
            .output()
            .expect("run");
        let by_environment = gazette()
            .env("GAZETTE_DATABASE_URL", url)
            .env("RUST_LOG", "debug")
            .args(["serve", "--addr", "127.0.0.1:0", "--data"])
            .arg(dir.path())
            .output()
            .expect("run");
        assert!(
            started.elapsed() < Duration::from_secs(8),
            "{url}: a refused connection is reported at once, not after a pool timeout"
        );
        for output in [by_flag, by_environment] {
            assert!(!output.status.success(), "{url}");
            let printed = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(!printed.contains("hunter2"), "{url}: {printed}");
            assert!(printed.contains("u:***@127.0.0.1"), "{url}: {printed}");
            assert!(printed.contains(cause), "{url}: {printed}");
            assert!(!printed.contains("pool timed out"), "{url}: {printed}");
            let error = printed
                .lines()
                .find(|l| l.starts_with("error:"))
                .expect("an error line");
            assert_eq!(
                error.matches(cause).count(),
                1,
                "{url}: the cause is said once: {error}"
            );
        }
    }
}
