//! `rensa play` refuses bad input before it takes the terminal: exit 2 and a message that
//! names the problem.

use std::process::Command;

fn play(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rensa"))
        .arg("play")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("rensa runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_unknown_role_is_refused_with_the_roles_there_are() {
    let (code, err) = play(&["--role", "operatr:hinode-comm"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--role operatr:hinode-comm"), "{err}");
    assert!(err.contains("operator:<id>"), "{err}");
}

#[test]
fn a_speed_outside_one_minute_to_an_hour_per_second_is_refused() {
    let (code, err) = play(&["--speed", "61"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("1..=60"), "{err}");
}

#[test]
fn resuming_a_missing_log_names_the_file() {
    let (code, err) = play(&["-o", "no-such-drill.ron", "--resume"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no-such-drill.ron"), "{err}");
}

#[test]
fn resuming_as_a_role_the_log_did_not_play_is_refused() {
    // The recorded drill's players: the carrier, air-traffic control, the telecom CEPTOR
    // and NISC; a bank followed its policy.
    let (code, err) = play(&[
        "--out",
        "scenarios/drills/ddos-response.ron",
        "--resume",
        "--role",
        "operator:yamabuki-bank",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("not a player of this drill log"), "{err}");
    assert!(err.contains("operator:hinode-comm"), "{err}");
}

#[test]
fn a_library_id_is_played_like_a_file_and_a_near_miss_is_suggested() {
    // The id loads (the role check after it is what refuses), as `rensa run ID` does.
    let (code, err) = play(&["rail-signal-worm", "--role", "operatr:kanto-rail"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--role operatr:kanto-rail"), "{err}");
    let (code, err) = play(&["rail-signal-wrm"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("rail-signal-worm"), "{err}");
}
