//! The real `rensa play` in a real terminal (tmux), driven by keys and a bracketed paste:
//! the paste is text in the message, never keys; the message is sent, the drill saved and
//! the saved log replays. tmux is required: the test fails without it (CI installs it).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// A tmux server of its own, killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "play"])
    }

    /// Waits until the screen shows `what` (polling; the limit is generous, no timing is
    /// asserted).
    fn wait_for(&self, what: &str) -> String {
        let mut last = String::new();
        for _ in 0..400 {
            last = self.screen();
            if last.contains(what) {
                return last;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the screen never showed {what:?}:\n{last}");
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "play"];
        args.extend(keys);
        self.run(&args);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

#[test]
fn the_real_binary_in_tmux_takes_a_paste_as_text_sends_saves_and_replays() {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "tmux is not installed: this test drives the real terminal UI in tmux (.ci/run installs it)"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let exe = env!("CARGO_BIN_EXE_rensa");
    let tmux = Tmux {
        socket: format!("rensa-test-{}", std::process::id()),
    };
    let cmd = format!(
        "cd '{}' && exec '{exe}' play --role operator:hinode-comm --out drill.ron",
        dir.path().display()
    );
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "play",
        "-x",
        "100",
        "-y",
        "30",
        &cmd,
    ]);
    tmux.wait_for("Sectors");
    // To T+1:30 with a duration as every other rensa duration is written.
    tmux.keys(&["g"]);
    tmux.wait_for("jump to minute");
    tmux.keys(&["1h 30m", "Enter"]);
    tmux.wait_for("T+01:30");
    // Compose: the first recipient, then a paste of two lines holding command letters.
    tmux.keys(&["4"]);
    tmux.wait_for("Compose");
    tmux.keys(&["Tab", "Space"]);
    tmux.run(&["set-buffer", "-b", "p", "please check the DNS\nthanks, all"]);
    tmux.run(&["paste-buffer", "-p", "-b", "p", "-t", "play"]);
    let screen = tmux.wait_for("thanks, all");
    assert!(
        screen.contains("please check the DNS thanks, all"),
        "{screen}"
    );
    assert!(
        screen.contains("Compose"),
        "no key of the paste ran:\n{screen}"
    );
    // Shell editing in the real terminal: Ctrl-W takes the last word back.
    tmux.keys(&["C-w"]);
    tmux.keys(&["everyone", "Enter"]);
    tmux.wait_for("sent message #1");
    tmux.keys(&["w"]);
    tmux.wait_for("saved");
    tmux.keys(&["q"]);
    let log = dir.path().join("drill.ron");
    for _ in 0..200 {
        if Path::new(&log).exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let text = std::fs::read_to_string(&log).expect("the drill log was saved");
    assert!(
        text.contains("please check the DNS thanks, everyone"),
        "{text}"
    );
    let out = Command::new(exe)
        .args(["replay", "drill.ron", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .expect("rensa replay runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Resumed, the start screen offers only the log's players and exercise control.
    let cmd = format!(
        "cd '{}' && exec '{exe}' play --resume --out drill.ron",
        dir.path().display()
    );
    // (The first session ended with `q`: a new one of the same name.)
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "play",
        "-x",
        "100",
        "-y",
        "30",
        &cmd,
    ]);
    let screen = tmux.wait_for("Choose your seat");
    assert!(
        screen.contains("operator:hinode-comm") && screen.contains("control"),
        "{screen}"
    );
    assert!(!screen.contains("ministry:fsa"), "{screen}");
    tmux.keys(&["Escape"]);
}
