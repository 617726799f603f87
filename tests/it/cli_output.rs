//! Output that cannot be written (a full disk, a closed pipe) is reported by every command
//! with "cannot write output" and exit status 1 — never a panic.

use std::process::{Command, Stdio};

fn rensa() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rensa"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// Runs `args` with standard output on /dev/full: every write fails with ENOSPC.
fn to_dev_full(args: &[&str]) -> (Option<i32>, String) {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full exists on Linux");
    let out = rensa()
        .args(args)
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .expect("rensa runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const COMMANDS: &[&[&str]] = &[
    &["run"],
    &["run", "--format", "json"],
    &["validate", "scenarios/telecom-ddos.ron"],
    &["list"],
    &["replay", "scenarios/drills/ddos-response.ron"],
    &["--help"],
    &["run", "--help"],
    &["--version"],
];

#[test]
fn every_command_reports_a_full_disk_and_exits_1() {
    for args in COMMANDS {
        let (code, stderr) = to_dev_full(args);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("cannot write output"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// Commands whose output is larger than a pipe's buffer (64 KiB), so a write is sure to
/// meet the closed pipe (a smaller output may fit in the buffer before the close).
const LARGE: &[&[&str]] = &[
    &["run", "--format", "json"],
    &[
        "replay",
        "scenarios/drills/ddos-response.ron",
        "--format",
        "json",
    ],
];

#[test]
fn a_closed_pipe_is_reported_and_exits_1() {
    for args in LARGE {
        let mut child = rensa()
            .args(*args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rensa runs");
        // Close the reading end before rensa writes: its first write gets EPIPE (Rust
        // ignores SIGPIPE, so the write returns an error instead of killing the process).
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("rensa ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("cannot write output"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
