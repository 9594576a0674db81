//! The `almaplan` command. All the work is in the library; this maps errors to exit codes
//! (0 ok, 1 bad input, 2 solver failure).

use clap::Parser;

fn main() {
    let cli = almaplan::cli::Cli::parse();
    if let Err(e) = almaplan::cli::run(cli) {
        eprintln!("almaplan: error: {e}");
        std::process::exit(e.exit_code());
    }
}
