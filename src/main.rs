//! The `rensa` binary: everything lives in the library; see `rensa::cli`.

fn main() -> std::process::ExitCode {
    rensa::cli::main()
}
