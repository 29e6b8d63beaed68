//! `guichet`: the one binary. Run `guichet --help` for the subcommands.

mod cli;
mod commands;
mod telemetry;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    telemetry::init(cli.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli.command, cli.rota_handover)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => match error.downcast_ref::<commands::mail::SysExit>() {
            Some(exit) => {
                eprintln!("{}", exit.line);
                ExitCode::from(exit.code)
            }
            None => {
                eprintln!("error: {}", one_line(&error));
                ExitCode::FAILURE
            }
        },
    }
}

/// The error and its causes on one line, without the repeats that wrapped
/// errors often carry (a cause's text is already in its wrapper's).
fn one_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if !line.contains(&text) {
            if !line.is_empty() {
                line.push_str(": ");
            }
            line.push_str(&text);
        }
    }
    line
}

#[cfg(test)]
mod tests {
    #[test]
    fn causes_are_not_repeated() {
        let error = anyhow::anyhow!("Connection refused")
            .context("error communicating: Connection refused")
            .context("cannot open the database");
        assert_eq!(
            super::one_line(&error),
            "cannot open the database: error communicating: Connection refused"
        );
    }
}
