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
        .env("NO_COLOR", "1")
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
        stderr.contains("1 published, 0 updated, 0 unchanged, 0 duplicate, 0 skipped, 1 rejected"),
        "{stderr}"
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
                "GAZETTE_DATA",
            ],
        ),
        (
            vec!["ingest", "--help"],
            vec!["--json", "unchanged", "rejected", "PATH"],
        ),
        (
            vec!["demo", "--help"],
            vec!["--data", "--addr", "gazette-demo"],
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
