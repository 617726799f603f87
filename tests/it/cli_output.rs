//! Output that cannot be written (a full disk) is reported by every command with "cannot
//! write output" and exit status 1 — never a panic; a closed pipe (`rensa … | head`) ends
//! every command quietly with 0, as ripgrep does: its reader has what it wanted.

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

/// Every subcommand that prints, with what it needs (`{tmp}` is a scratch folder).
const PRINTING: &[&[&str]] = &[
    &["run"],
    &[
        "run",
        "rail-signal-worm",
        "--format",
        "json",
        "--lang",
        "ja",
    ],
    &["replay", "scenarios/drills/ddos-response.ron"],
    &["validate", "scenarios/telecom-ddos.ron", "rail-signal-worm"],
    &["list", "grid-intrusion"],
    &["scenarios"],
    &["new", "{tmp}/copy", "--from", "rail-signal-worm"],
    &["report", "{tmp}/aar"],
    &["report", "{tmp}/aar", "--format", "md"],
    &["analyze", "--model", "iim"],
    &[
        "analyze",
        "tests/fixtures/valid/small-chain.ron",
        "--runs",
        "2",
    ],
    &["batch", "--runs", "3"],
    &["merge", "{tmp}/part.csv", "-o", "{tmp}/merged.csv"],
    &["hindcast", "tse-2020-10"],
    &["--help"],
    &["report", "--help"],
    &["--version"],
];

#[test]
fn a_closed_pipe_ends_every_command_quietly_with_0() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path().to_str().unwrap();
    let setup = |args: &[&str]| {
        let out = rensa().args(args).output().expect("rensa runs");
        assert!(out.status.success(), "{args:?}: {out:?}");
    };
    setup(&["run", "--aar", &format!("{t}/aar"), "-q"]);
    setup(&[
        "batch",
        "--runs",
        "4",
        "--shard",
        "1/1",
        "-o",
        &format!("{t}/part.csv"),
        "-q",
    ]);
    for args in PRINTING {
        let args: Vec<String> = args.iter().map(|a| a.replace("{tmp}", t)).collect();
        // The reading end is closed before rensa starts: its first write gets EPIPE (Rust
        // ignores SIGPIPE, so the write returns an error instead of killing the process).
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let out = rensa()
            .args(&args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("rensa runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        // Quietly: no complaint about the output (a drill log's warnings may still come).
        assert!(!stderr.contains("cannot write"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
