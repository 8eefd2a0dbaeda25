//! A command line clap cannot parse, said in the user's language. clap writes its own
//! messages in English; for an Indonesian user the common mistakes (a command or an
//! option that does not exist, a value that is not allowed, something missing) are
//! said here instead, with the usage line, and the exit code stays clap's 2. `--help`
//! itself is in Indonesian too ([`super::help_id`]); rarer mistakes keep clap's
//! English text.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::lang::Lang;

/// The language a command line asks for before it is parsed: `--lang X` or
/// `--lang=X`, else `LANG`.
pub fn lang_of_args(args: &[OsString], locale: Option<&str>) -> Lang {
    let args: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    let given = args.iter().enumerate().find_map(|(i, arg)| match arg.strip_prefix("--lang") {
        Some("") => args.get(i + 1).copied(),
        Some(rest) => rest.strip_prefix('='),
        None => None,
    });
    given.and_then(Lang::parse).unwrap_or_else(|| Lang::from_locale(locale))
}

/// What an Indonesian user reads for `error`, or `None` to leave clap's own text.
pub fn in_indonesian(error: &clap::Error) -> Option<String> {
    let text = |kind| error.get(kind).map(context_text);
    let mistake = match error.kind() {
        ErrorKind::InvalidSubcommand => {
            let mut line = format!("perintah '{}' tidak dikenal", text(ContextKind::InvalidSubcommand)?);
            if let Some(suggested) = error.get(ContextKind::SuggestedSubcommand) {
                line.push_str(&format!("; mungkin maksud Anda {}", quoted(suggested)));
            }
            line
        }
        ErrorKind::UnknownArgument => {
            let mut line = format!("pilihan '{}' tidak dikenal di sini", text(ContextKind::InvalidArg)?);
            if let Some(suggested) = error.get(ContextKind::SuggestedArg) {
                line.push_str(&format!("; mungkin maksud Anda {}", quoted(suggested)));
            }
            line
        }
        ErrorKind::InvalidValue => {
            let (arg, value) = (text(ContextKind::InvalidArg)?, text(ContextKind::InvalidValue)?);
            let mut line = if value.is_empty() {
                format!("{arg} perlu nilai")
            } else {
                format!("nilai '{value}' tidak berlaku untuk {arg}")
            };
            if let Some(valid) = text(ContextKind::ValidValue) {
                line.push_str(&format!(" (pilih: {valid})"));
            }
            line
        }
        ErrorKind::ValueValidation => {
            let (arg, value) = (text(ContextKind::InvalidArg)?, text(ContextKind::InvalidValue)?);
            format!("nilai '{value}' tidak berlaku untuk {arg}")
        }
        ErrorKind::MissingRequiredArgument => {
            format!("belum diberikan, padahal wajib: {}", text(ContextKind::InvalidArg)?)
        }
        ErrorKind::ArgumentConflict => {
            let arg = text(ContextKind::InvalidArg)?;
            match text(ContextKind::PriorArg) {
                Some(prior) => format!("{arg} tidak bisa dipakai bersama {prior}"),
                None => format!("{arg} tidak bisa dipakai di sini"),
            }
        }
        _ => return None,
    };
    let usage = error
        .get(ContextKind::Usage)
        .map(|usage| {
            format!("\n{}\n", super::help_id::usage_words(&usage.to_string().replacen("Usage:", "Penggunaan:", 1)))
        })
        .unwrap_or_default();
    Some(format!("galat: {mistake}\n{usage}\nKeterangan lebih lanjut: --help\n"))
}

/// `'report'`, or `'import' atau 'report'` when clap suggests several.
fn quoted(value: &ContextValue) -> String {
    let words: Vec<String> = match value {
        ContextValue::Strings(list) => list.iter().map(|w| format!("'{w}'")).collect(),
        other => vec![format!("'{}'", context_text(other))],
    };
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} atau {last}", rest.join(", ")),
        _ => words.concat(),
    }
}

fn context_text(value: &ContextValue) -> String {
    match value {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(list) => list.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(list) => list.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        ContextValue::None => String::new(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::Cli;

    fn args(line: &str) -> Vec<OsString> {
        line.split(' ').map(OsString::from).collect()
    }

    fn mistake(line: &str) -> String {
        let error = Cli::try_parse_from(args(line)).unwrap_err();
        in_indonesian(&error).unwrap_or_else(|| panic!("not said in Indonesian: {error}"))
    }

    #[test]
    fn the_language_is_read_from_the_arguments_before_they_are_parsed() {
        assert_eq!(lang_of_args(&args("warung --lang id frob"), Some("C")), Lang::Id);
        assert_eq!(lang_of_args(&args("warung --lang=en frob"), Some("id_ID.UTF-8")), Lang::En);
        assert_eq!(lang_of_args(&args("warung frob"), Some("id_ID.UTF-8")), Lang::Id);
        assert_eq!(lang_of_args(&args("warung frob"), None), Lang::En);
    }

    #[test]
    fn common_mistakes_are_said_in_indonesian_with_the_usage() {
        let text = mistake("warung frobnicate");
        assert!(text.starts_with("galat: perintah 'frobnicate' tidak dikenal"), "{text}");
        assert!(text.contains("Penggunaan: warung [PILIHAN] [PERINTAH]"), "{text}");
        let text = mistake("warung repot");
        assert!(text.contains("mungkin maksud Anda ") && text.contains("'report'"), "{text}");
        assert!(mistake("warung dokter").contains("mungkin maksud Anda 'doctor'"));
        let text = mistake("warung export items --colour");
        assert!(text.starts_with("galat: pilihan '--colour' tidak dikenal di sini"), "{text}");
        let text = mistake("warung report sales-summary --format pdf");
        assert!(text.starts_with("galat: nilai 'pdf' tidak berlaku untuk --format"), "{text}");
        assert!(text.contains("(pilih: csv, json, xlsx, table)"), "{text}");
        let text = mistake("warung restore");
        assert!(text.starts_with("galat: belum diberikan, padahal wajib: <FILE>"), "{text}");
    }
}
