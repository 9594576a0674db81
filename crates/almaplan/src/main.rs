//! The `almaplan` command. All the work is in the library; this maps errors to exit codes
//! (0 ok, 1 bad input, 2 solver failure, 64 usage error).

/// Counted and capped by `--memoria-max` (see `almaplan::memory`).
#[global_allocator]
static ALLOCATOR: almaplan::memory::CappedAlloc = almaplan::memory::CappedAlloc;

fn main() {
    // Like every Unix filter, end quietly when the reader of stdout goes away
    // (`almaplan validate … | head -1`) instead of panicking on the broken pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of one signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = almaplan::cli::parse();
    if let Err(e) = almaplan::cli::run(cli) {
        eprintln!("almaplan: error: {e}");
        std::process::exit(e.exit_code());
    }
}
