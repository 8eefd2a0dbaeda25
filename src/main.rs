//! The warung binary: parse the command line and hand over; nothing else.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = warung::cli::parse();
    let lang = warung::cli::lang(&cli);
    match warung::cli::run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        // `warung export items | head` closing the pipe early is not a failure.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("warung: {}", warung::domain::text::strip_controls(&warung::errors::sentence(&e, lang), true));
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause.downcast_ref::<warung::services::ServiceError>().is_some_and(
                |e| matches!(e, warung::services::ServiceError::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe),
            )
    })
}
