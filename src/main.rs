//! The `rensa` binary: everything lives in the library; see `rensa::cli`.

#![forbid(unsafe_code)]

/// mimalloc: a run allocates many small, short-lived buffers (messages, timeline causes,
/// entities), where glibc's malloc spent about a quarter of a drill's instructions
/// (docs/PERFORMANCE.md). The allocator changes no result.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    rensa::cli::main()
}
