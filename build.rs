//! Decides whether the browser tests (tests/it/browser.rs) run: they need headless
//! Chromium. With `chromium` on PATH, or under CI (`CI=true`, where `.ci/run` installs it,
//! so that its absence fails the tests instead of passing them), the cfg `rensa_browser`
//! is set and they run; otherwise they are ignored with the reason shown by `cargo test`.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rustc-check-cfg=cfg(rensa_browser)");
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    let found = std::env::var_os("PATH").is_some_and(|p| {
        std::env::split_paths(&p)
            .any(|d| d.join("chromium").is_file() || d.join("chromium-browser").is_file())
    });
    if ci || found {
        println!("cargo::rustc-cfg=rensa_browser");
    }
}
