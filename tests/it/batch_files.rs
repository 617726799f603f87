//! Batch results that survive a cluster (docs/BATCH.md, docs/CLUSTER.md): a batch stopped
//! by any of the signals a scheduler sends, killed, or cut by a file-size limit leaves a
//! checkpoint that `--resume` completes to the bytes of an uninterrupted batch; damaged
//! files (a duplicated, missing or non-number row, a header that lies) are refused with
//! their line; summaries are told from results; `--out` never replaces what is not a file.

use crate::batch::{Dir, ok, read, rensa, rows, summary_of};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const RUNS: &str = "20000";

fn partial_of(p: &Path) -> PathBuf {
    PathBuf::from(format!("{}.partial", p.display()))
}

fn text(p: &Path) -> String {
    String::from_utf8(read(p)).unwrap()
}

/// The batch of these tests, to `out`, with `extra` arguments.
fn batch_args<'a>(small: &'a str, out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        "batch",
        small,
        "--runs",
        RUNS,
        "--threads",
        "2",
        "--quiet",
        "--out",
        out,
    ];
    a.extend(extra);
    a
}

/// Starts the batch to `out` and waits until its checkpoint holds a few chunks of rows.
fn start_and_wait(args: &[&str], out: &Path) -> std::process::Child {
    let child = Command::new(env!("CARGO_BIN_EXE_rensa"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let partial = partial_of(out);
    // Two chunks of 256 runs: about 130 bytes a row.
    while std::fs::metadata(&partial).map_or(0, |m| m.len()) < 70_000 {
        assert!(started.elapsed().as_secs() < 120, "the batch never started");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child
}

fn signal(child: &std::process::Child, sig: &str) {
    let killed = Command::new("kill")
        .args([&format!("-{sig}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
}

/// The whole batch, uninterrupted, at `whole.csv`.
fn whole(d: &Dir) -> PathBuf {
    let small = d.s("small.ron");
    let out = d.s("whole.csv");
    ok(&batch_args(&small, &out, &[]));
    assert!(
        !partial_of(&d.path("whole.csv")).exists(),
        "a finished batch keeps no checkpoint"
    );
    d.path("whole.csv")
}

fn assert_same_result(a: &Path, b: &Path) {
    assert!(
        read(a) == read(b),
        "{} and {} differ",
        a.display(),
        b.display()
    );
    assert!(read(&summary_of(a)) == read(&summary_of(b)));
}

#[cfg(unix)]
#[test]
fn a_batch_stopped_by_int_term_or_hup_keeps_its_runs_and_resume_gives_the_same_bytes() {
    let d = Dir::new();
    let whole = whole(&d);
    let small = d.s("small.ron");
    for sig in ["TERM", "HUP", "INT"] {
        let name = format!("part-{sig}.csv");
        let out = d.s(&name);
        let path = d.path(&name);
        let child = start_and_wait(&batch_args(&small, &out, &[]), &path);
        signal(&child, sig);
        let done = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&done.stderr);
        assert_eq!(done.status.code(), Some(1), "SIG{sig}: {err}");
        assert!(err.contains("stopped after"), "SIG{sig}: {err}");
        assert!(err.contains(&format!("{out}.partial")), "SIG{sig}: {err}");
        assert!(err.contains("--resume"), "SIG{sig}: {err}");
        // The result's name is left alone: only a complete result is ever there.
        assert!(!path.exists(), "SIG{sig}");
        let kept = text(&partial_of(&path));
        assert!(kept.contains("# status: partial\n"), "SIG{sig}");
        let (_, recs) = rows(&partial_of(&path));
        assert!(
            !recs.is_empty() && recs.len() < 20000,
            "SIG{sig}: {} rows",
            recs.len()
        );
        // A merge is told it is partial; a new batch at the same name will not overwrite it.
        let r = rensa(&batch_args(&small, &out, &[]));
        assert_eq!(r.status.code(), Some(2), "SIG{sig}");
        assert!(String::from_utf8_lossy(&r.stderr).contains("add --resume"));
        ok(&batch_args(&small, &out, &["--resume"]));
        assert_same_result(&whole, &path);
        assert!(
            !partial_of(&path).exists(),
            "SIG{sig}: the checkpoint is removed"
        );
        // Resuming a complete result does nothing and says so (unless --quiet: nothing
        // but errors).
        let mut args = batch_args(&small, &out, &["--resume"]);
        args.retain(|a| *a != "--quiet");
        let r = ok(&args);
        assert!(String::from_utf8_lossy(&r.stderr).contains("already complete"));
        assert_same_result(&whole, &path);
    }
}

#[cfg(unix)]
#[test]
fn a_killed_batch_resumes_from_its_checkpoint_even_with_a_cut_last_line() {
    let d = Dir::new();
    let whole = whole(&d);
    let small = d.s("small.ron");
    let out = d.s("killed.csv");
    let path = d.path("killed.csv");
    let mut child = start_and_wait(&batch_args(&small, &out, &[]), &path);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!path.exists());
    // As a kill in the middle of a write may leave it: a row cut short, no newline.
    let partial = partial_of(&path);
    let mut kept = read(&partial);
    if kept.ends_with(b"\n") {
        kept.extend_from_slice(b"123456,78");
    }
    std::fs::write(&partial, kept).unwrap();
    ok(&batch_args(&small, &out, &["--resume"]));
    assert_same_result(&whole, &path);
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_size_limit_is_reported_and_resume_goes_on_after_it() {
    let d = Dir::new();
    let whole = whole(&d);
    let out = d.s("limited.csv");
    let path = d.path("limited.csv");
    let bin = env!("CARGO_BIN_EXE_rensa");
    // bash's `ulimit -f` counts 1024-byte blocks: 200 KiB, a tenth of the rows.
    let script = format!(
        "ulimit -f 200; exec '{bin}' batch '{}' --runs {RUNS} --threads 2 --quiet --out '{out}'",
        d.s("small.ron")
    );
    let r = Command::new("bash").args(["-c", &script]).output().unwrap();
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("cannot write {out}.partial")),
        "{err}"
    );
    assert!(err.contains("file-size limit"), "{err}");
    assert!(err.contains("--resume"), "{err}");
    assert!(!path.exists());
    ok(&batch_args(&d.s("small.ron"), &out, &["--resume"]));
    assert_same_result(&whole, &path);
}

/// Two shards of 20 runs of the small scenario.
fn two_parts(d: &Dir) {
    for i in 1..=2 {
        ok(&[
            "batch",
            &d.s("small.ron"),
            "--runs",
            "20",
            "--quiet",
            "--shard",
            &format!("{i}/2"),
            "--out",
            &d.s(&format!("part-{i}.csv")),
        ]);
    }
}

fn merge_err(d: &Dir, parts: &[&str]) -> String {
    let _ = std::fs::remove_file(d.path("merged.csv"));
    let mut args = vec!["merge".to_string()];
    args.extend(parts.iter().map(|p| d.s(p)));
    args.extend(["--out".to_string(), d.s("merged.csv")]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = rensa(&args);
    assert_eq!(r.status.code(), Some(2), "{parts:?} was accepted");
    assert!(
        !d.path("merged.csv").exists(),
        "a refused merge writes nothing"
    );
    String::from_utf8_lossy(&r.stderr).into_owned()
}

/// Rewrites `name` with `f` applied to its lines.
fn edit(d: &Dir, name: &str, f: impl FnOnce(&mut Vec<String>)) {
    let mut lines: Vec<String> = text(&d.path(name)).lines().map(String::from).collect();
    f(&mut lines);
    std::fs::write(d.path(name), lines.join("\n") + "\n").unwrap();
}

/// The line number (1-based) of the first row (after the `#` lines and the header).
fn first_row_line(d: &Dir, name: &str) -> usize {
    text(&d.path(name))
        .lines()
        .position(|l| !l.starts_with('#'))
        .unwrap()
        + 2
}

#[test]
fn the_documented_glob_merges_parts_and_skips_their_summaries() {
    let d = Dir::new();
    two_parts(&d);
    ok(&[
        "batch",
        &d.s("small.ron"),
        "--runs",
        "20",
        "--quiet",
        "--out",
        &d.s("all.csv"),
    ]);
    // What `rensa merge part-*.csv` expands to: the parts and their summaries, sorted.
    let glob = [
        "part-1.csv",
        "part-1.csv.summary.csv",
        "part-2.csv",
        "part-2.csv.summary.csv",
    ];
    let mut args = vec!["merge".to_string()];
    args.extend(glob.iter().map(|p| d.s(p)));
    args.extend(["--out".to_string(), d.s("merged.csv")]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = ok(&args);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains(&format!(
            "skipping {}, {}: the summaries beside batch results, not parts",
            d.s("part-1.csv.summary.csv"),
            d.s("part-2.csv.summary.csv")
        )),
        "{err}"
    );
    assert_same_result(&d.path("all.csv"), &d.path("merged.csv"));
    // A summary says what it is on its first line.
    assert!(text(&d.path("all.csv.summary.csv")).starts_with("# rensa batch summary v1\n"));
    // The shell's own glob, as the documentation writes it.
    let r = Command::new("sh")
        .current_dir(d.0.path())
        .args([
            "-c",
            &format!(
                "'{}' merge part-*.csv --out glob.csv --quiet",
                env!("CARGO_BIN_EXE_rensa")
            ),
        ])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(r.stderr.is_empty(), "--quiet prints nothing but errors");
    assert_same_result(&d.path("all.csv"), &d.path("glob.csv"));
    // Only summaries: nothing to merge.
    let err = merge_err(&d, &["part-1.csv.summary.csv"]);
    assert!(err.contains("no parts given (only summaries)"), "{err}");
    // The report is told it was given a summary, and where the rows are.
    let r = rensa(&["report", &d.s("all.csv.summary.csv")]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("the summary beside a batch result"), "{err}");
    assert!(
        err.contains(&format!("its rows are in {}", d.s("all.csv"))),
        "{err}"
    );
}

#[test]
fn a_duplicated_or_missing_row_is_refused_with_its_line() {
    let d = Dir::new();
    two_parts(&d);
    let first = first_row_line(&d, "part-2.csv");
    // Run 12 (the part's third row) given twice.
    edit(&d, "part-2.csv", |l| {
        let row = l[first + 1].clone();
        l.insert(first + 2, row);
    });
    let err = merge_err(&d, &["part-1.csv", "part-2.csv"]);
    let at = format!("{}:{}:", d.s("part-2.csv"), first + 3);
    assert!(err.contains(&at), "{at} in {err}");
    assert!(
        err.contains("run \"12\" where run 13 was expected"),
        "{err}"
    );
    assert!(err.contains("given twice"), "{err}");
    // Run 12 missing instead.
    two_parts(&d);
    edit(&d, "part-2.csv", |l| {
        l.remove(first + 1);
    });
    let err = merge_err(&d, &["part-1.csv", "part-2.csv"]);
    let at = format!("{}:{}:", d.s("part-2.csv"), first + 2);
    assert!(err.contains(&at), "{at} in {err}");
    assert!(
        err.contains("run \"13\" where run 12 was expected (a run missing before it"),
        "{err}"
    );
    // The last row missing: the part is cut short.
    two_parts(&d);
    edit(&d, "part-2.csv", |l| {
        l.pop();
    });
    let err = merge_err(&d, &["part-1.csv", "part-2.csv"]);
    assert!(
        err.contains("ends after 9 of its 10 runs of shard 2/2 of 20 runs"),
        "{err}"
    );
}

#[test]
fn a_header_that_claims_more_runs_than_its_rows_is_refused() {
    let d = Dir::new();
    two_parts(&d);
    for p in ["part-1.csv", "part-2.csv"] {
        edit(&d, p, |l| {
            for x in l.iter_mut() {
                if x == "# runs: 20" {
                    *x = "# runs: 99999999999".into();
                }
            }
        });
    }
    let err = merge_err(&d, &["part-1.csv", "part-2.csv"]);
    // Shard 1 of 99,999,999,999 runs would be runs 0..49,999,999,999; its run 10 and on
    // are another shard's seeds anyway, but the first 10 rows check out.
    assert!(
        err.contains("ends after 10 of its 49999999999 runs of shard 1/2 of 99999999999 runs"),
        "{err}"
    );
}

#[test]
fn a_partial_result_with_more_rows_than_its_runs_is_refused_with_its_line() {
    let d = Dir::new();
    let small = d.s("small.ron");
    ok(&[
        "batch",
        &small,
        "--runs",
        "40",
        "--quiet",
        "--out",
        &d.s("big.csv"),
    ]);
    // A checkpoint claiming 20 runs but holding 40.
    let t = text(&d.path("big.csv"))
        .replace("# runs: 40\n", "# runs: 20\n")
        .replace("# status: complete\n", "# status: partial\n");
    std::fs::write(d.path("x.csv.partial"), &t).unwrap();
    let r = rensa(&[
        "batch",
        &small,
        "--runs",
        "20",
        "--quiet",
        "--out",
        &d.s("x.csv"),
        "--resume",
    ]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    let line = t.lines().position(|l| l.starts_with("20,")).unwrap() + 1;
    assert!(
        err.contains(&format!(
            "{}:{line}: a row past the batch's last run",
            d.s("x.csv.partial")
        )),
        "{err}"
    );
    assert!(!d.path("x.csv").exists());
}

#[test]
fn a_cell_that_is_not_a_number_is_named_by_file_line_and_column() {
    let d = Dir::new();
    two_parts(&d);
    let first = first_row_line(&d, "part-1.csv");
    let header: Vec<String> = text(&d.path("part-1.csv"))
        .lines()
        .find(|l| !l.starts_with('#'))
        .unwrap()
        .split(',')
        .map(String::from)
        .collect();
    let col = header
        .iter()
        .position(|h| h == "impact_person_hours")
        .unwrap();
    for bad in ["abc", "NaN", "inf", "1e999"] {
        edit(&d, "part-1.csv", |l| {
            let mut cells: Vec<String> = l[first + 4].split(',').map(String::from).collect();
            cells[col] = bad.into();
            l[first + 4] = cells.join(",");
        });
        let want = format!(
            "{}:{}: column {} (impact_person_hours): \"{bad}\" is not a finite number",
            d.s("part-1.csv"),
            first + 5,
            col + 1
        );
        let err = merge_err(&d, &["part-1.csv", "part-2.csv"]);
        assert!(err.contains(&want), "{want} in {err}");
        // The report reads the same checks: NaN and infinity never reach a chart.
        let r = rensa(&["report", &d.s("part-1.csv"), "--out", &d.s("r.html")]);
        assert_eq!(r.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&r.stderr);
        assert!(err.contains(&want), "{want} in {err}");
        assert!(!d.path("r.html").exists());
        two_parts(&d);
    }
    // A finite value so large its square overflows made the report loop in its charts:
    // refused, with its place.
    edit(&d, "part-1.csv", |l| {
        let mut cells: Vec<String> = l[first + 4].split(',').map(String::from).collect();
        cells[col] = "1e200".into();
        l[first + 4] = cells.join(",");
    });
    let r = rensa(&["report", &d.s("part-1.csv"), "--out", &d.s("r.html")]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("1e200 is beyond ±1e100"), "{err}");
    assert!(
        err.contains(&format!(
            "{}:{}: column {}",
            d.s("part-1.csv"),
            first + 5,
            col + 1
        )),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn out_never_replaces_a_device_a_fifo_or_a_symlink() {
    use std::os::unix::fs::FileTypeExt;
    let d = Dir::new();
    let small = d.s("small.ron");
    // A character device: JSON is written through (and /dev/null stays a device) …
    ok(&[
        "batch",
        &small,
        "--runs",
        "5",
        "--quiet",
        "--format",
        "json",
        "--out",
        "/dev/null",
    ]);
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert!(!Path::new("/dev/null.partial").exists());
    // … a device that refuses the bytes is named, exit 1 …
    #[cfg(target_os = "linux")]
    {
        let r = rensa(&[
            "batch",
            &small,
            "--runs",
            "5",
            "--quiet",
            "--format",
            "json",
            "--out",
            "/dev/full",
        ]);
        assert_eq!(r.status.code(), Some(1));
        let err = String::from_utf8_lossy(&r.stderr);
        assert!(err.contains("cannot write /dev/full"), "{err}");
        assert!(
            std::fs::metadata("/dev/full")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
    // … and a CSV result, two files, needs a regular file: refused before any run.
    let r = rensa(&[
        "batch",
        &small,
        "--runs",
        "5",
        "--quiet",
        "--out",
        "/dev/null",
    ]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("needs a regular file"));
    // Standard output: the JSON document on stdout, the terminal summary on stderr.
    let r = ok(&[
        "batch",
        &small,
        "--runs",
        "5",
        "--format",
        "json",
        "--out",
        "/dev/stdout",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(doc["rows"].as_array().unwrap().len(), 5);
    assert!(String::from_utf8_lossy(&r.stderr).contains("rensa batch: uniform blackout"));
    // A FIFO is written through, never replaced: a reader gets the document.
    let fifo = d.path("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    ok(&[
        "batch",
        &small,
        "--runs",
        "5",
        "--quiet",
        "--format",
        "json",
        "--out",
        &d.s("fifo"),
    ]);
    let got = reader.join().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&got).unwrap();
    assert_eq!(doc["meta"]["status"], "complete");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // A symlink is followed: the file it names is replaced, the link stays a link.
    std::fs::create_dir(d.path("scratch")).unwrap();
    std::fs::write(d.path("scratch/r.csv"), "old").unwrap();
    std::os::unix::fs::symlink("scratch/r.csv", d.path("r.csv")).unwrap();
    ok(&[
        "batch",
        &small,
        "--runs",
        "5",
        "--quiet",
        "--out",
        &d.s("r.csv"),
    ]);
    assert!(
        std::fs::symlink_metadata(d.path("r.csv"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(text(&d.path("scratch/r.csv")).starts_with("# rensa batch result v1\n"));
    // A directory is refused, exit 2.
    let r = rensa(&[
        "batch",
        &small,
        "--runs",
        "5",
        "--quiet",
        "--format",
        "json",
        "--out",
        &d.s("scratch"),
    ]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("it is a directory"));
    // Merge and report go through the same writer.
    two_parts(&d);
    let r = rensa(&[
        "merge",
        &d.s("part-1.csv"),
        &d.s("part-2.csv"),
        "--out",
        "/dev/null",
    ]);
    assert_eq!(r.status.code(), Some(2));
    ok(&[
        "merge",
        &d.s("part-1.csv"),
        &d.s("part-2.csv"),
        "--format",
        "json",
        "--out",
        "/dev/null",
        "--quiet",
    ]);
    ok(&["report", &d.s("part-1.csv"), "--out", "/dev/null"]);
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn a_json_batch_resumes_from_its_checkpoint() {
    let d = Dir::new();
    let small = d.s("small.ron");
    ok(&[
        "batch",
        &small,
        "--runs",
        "600",
        "--quiet",
        "--format",
        "json",
        "--out",
        &d.s("a.json"),
    ]);
    // As a stop after two chunks leaves it: the checkpoint is CSV whatever the format.
    ok(&[
        "batch",
        &small,
        "--runs",
        "600",
        "--quiet",
        "--out",
        &d.s("b.csv"),
    ]);
    let t = text(&d.path("b.csv")).replace("# status: complete\n", "# status: partial\n");
    let keep: Vec<&str> = t.lines().take_while(|l| !l.starts_with("512,")).collect();
    std::fs::write(d.path("b.json.partial"), keep.join("\n") + "\n").unwrap();
    ok(&[
        "batch",
        &small,
        "--runs",
        "600",
        "--quiet",
        "--format",
        "json",
        "--out",
        &d.s("b.json"),
        "--resume",
    ]);
    assert!(read(&d.path("a.json")) == read(&d.path("b.json")));
    assert!(!d.path("b.json.partial").exists());
}
