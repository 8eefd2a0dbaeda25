//! Sending a rendered receipt to an ESC/POS printer (the `escpos` crate builds the
//! bytes): initialise, the text, a feed, and a paper cut. Where the printer is comes
//! from the `printer.target` setting.

use std::fmt;
use std::fs::OpenOptions;
use std::net::ToSocketAddrs;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use escpos::driver::{Driver, FileDriver, NetworkDriver};
use escpos::printer::Printer;
use escpos::utils::Protocol;

use crate::lang::Lang;

/// Connect and write timeout for network printers.
pub const TCP_TIMEOUT: Duration = Duration::from_secs(4);

/// Blank lines fed before the cut so the last text clears the cutter.
const FEED_LINES: u8 = 4;

const FORMS: &str = "file:PATH, usb:/dev/usb/lp0 or tcp:HOST:PORT (for example tcp:192.168.1.50:9100)";
const FORMS_ID: &str = "file:PATH, usb:/dev/usb/lp0 atau tcp:HOST:PORT (misalnya tcp:192.168.1.50:9100)";

/// Why nothing was printed, with what the system said; said in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Default, strum::EnumIter)]
pub enum PrinterProblem {
    #[default]
    NotSet,
    NotAPrinter {
        text: String,
    },
    CannotOpen {
        target: String,
        detail: String,
    },
    CannotFind {
        target: String,
        detail: String,
    },
    NoAddress {
        target: String,
    },
    Unreachable {
        target: String,
        detail: String,
    },
    Failed {
        target: String,
        detail: String,
    },
}

impl PrinterProblem {
    pub fn text(&self, lang: Lang) -> String {
        use PrinterProblem::*;
        match (self, lang) {
            (NotSet, Lang::En) => format!("no printer is set: set printer.target to {FORMS}"),
            (NotSet, Lang::Id) => format!("belum ada printer: isi printer.target dengan {FORMS_ID}"),
            (NotAPrinter { text }, Lang::En) => format!("printer.target '{text}' is not a printer: use {FORMS}"),
            (NotAPrinter { text }, Lang::Id) => format!("printer.target '{text}' bukan printer: pakai {FORMS_ID}"),
            (CannotOpen { target, detail }, Lang::En) => format!("cannot open the printer {target}: {detail}"),
            (CannotOpen { target, detail }, Lang::Id) => format!("printer {target} tidak bisa dibuka: {detail}"),
            (CannotFind { target, detail }, Lang::En) => format!("cannot find the printer {target}: {detail}"),
            (CannotFind { target, detail }, Lang::Id) => format!("printer {target} tidak ditemukan: {detail}"),
            (NoAddress { target }, Lang::En) => format!("cannot find the printer {target}: the name has no address"),
            (NoAddress { target }, Lang::Id) => format!("printer {target} tidak ditemukan: namanya tidak punya alamat"),
            (Unreachable { target, detail }, Lang::En) => {
                format!("cannot reach the printer {target} (is it on and on the network?): {detail}")
            }
            (Unreachable { target, detail }, Lang::Id) => {
                format!("printer {target} tidak terjangkau (sudah menyala dan tersambung ke jaringan?): {detail}")
            }
            (Failed { target, detail }, Lang::En) => format!("printing to {target} failed: {detail}"),
            (Failed { target, detail }, Lang::Id) => format!("mencetak ke {target} gagal: {detail}"),
        }
    }
}

/// English, for logs and tests; users read [`PrinterProblem::text`].
impl fmt::Display for PrinterProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// Where receipts are printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrinterTarget {
    /// Append the printer's bytes to a file (testing, or a spooler that watches it).
    File(PathBuf),
    /// A USB printer's device file (Linux `usblp`).
    Usb(PathBuf),
    /// A network printer taking raw ESC/POS, usually on port 9100.
    Tcp { host: String, port: u16 },
}

impl fmt::Display for PrinterTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrinterTarget::File(path) => write!(f, "file:{}", path.display()),
            PrinterTarget::Usb(path) => write!(f, "usb:{}", path.display()),
            PrinterTarget::Tcp { host, port } if host.contains(':') => write!(f, "tcp:[{host}]:{port}"),
            PrinterTarget::Tcp { host, port } => write!(f, "tcp:{host}:{port}"),
        }
    }
}

impl FromStr for PrinterTarget {
    type Err = PrinterProblem;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PrinterProblem::NotSet);
        }
        let bad = || PrinterProblem::NotAPrinter { text: text.to_string() };
        let (kind, rest) = text.split_once(':').ok_or_else(bad)?;
        let rest = rest.trim();
        match kind.trim().to_ascii_lowercase().as_str() {
            "file" if !rest.is_empty() => Ok(PrinterTarget::File(PathBuf::from(rest))),
            "usb" if !rest.is_empty() => Ok(PrinterTarget::Usb(PathBuf::from(rest))),
            "tcp" => {
                let (host, port) = rest.rsplit_once(':').ok_or_else(bad)?;
                let host = host.trim_start_matches('[').trim_end_matches(']');
                let port = port.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(bad)?;
                if host.is_empty() {
                    return Err(bad());
                }
                Ok(PrinterTarget::Tcp { host: host.to_string(), port })
            }
            _ => Err(bad()),
        }
    }
}

/// Printers print one byte per character: keep ASCII, and print anything else
/// (emoji, other scripts) as `?` rather than as garbage bytes.
fn printable(line: &str) -> String {
    line.chars().map(|c| if c.is_ascii() && !c.is_ascii_control() { c } else { '?' }).collect()
}

fn send(driver: &dyn Driver, text: &str, qr: Option<&str>) -> escpos::errors::Result<()> {
    let mut printer = Printer::new(Opened(driver), Protocol::default(), None);
    printer.init()?;
    for line in text.lines() {
        printer.writeln(&printable(line))?;
    }
    if let Some(data) = qr {
        // The printer's own QR command (GS ( k): sharp at any paper width.
        printer.qrcode(data)?;
    }
    printer.feeds(FEED_LINES)?.print_cut()?;
    Ok(())
}

fn open_file(path: &Path, options: &OpenOptions, target: &PrinterTarget) -> Result<FileDriver, PrinterProblem> {
    FileDriver::open_with_options(path, options)
        .map_err(|e| PrinterProblem::CannotOpen { target: target.to_string(), detail: e.to_string() })
}

fn open_tcp(host: &str, port: u16, target: &PrinterTarget) -> Result<NetworkDriver, PrinterProblem> {
    let addr = (host, port)
        .to_socket_addrs()
        .map_err(|e| PrinterProblem::CannotFind { target: target.to_string(), detail: e.to_string() })?
        .next()
        .ok_or_else(|| PrinterProblem::NoAddress { target: target.to_string() })?;
    NetworkDriver::open(&addr.ip().to_string(), addr.port(), Some(TCP_TIMEOUT))
        .map_err(|e| PrinterProblem::Unreachable { target: target.to_string(), detail: e.to_string() })
}

/// Whichever driver was opened, as one type the `escpos` printer can own.
struct Opened<'a>(&'a dyn Driver);

impl Driver for Opened<'_> {
    fn name(&self) -> String {
        self.0.name()
    }
    fn write(&self, data: &[u8]) -> escpos::errors::Result<()> {
        self.0.write(data)
    }
    fn read(&self, buf: &mut [u8]) -> escpos::errors::Result<usize> {
        self.0.read(buf)
    }
    fn flush(&self) -> escpos::errors::Result<()> {
        self.0.flush()
    }
}

/// Open `target` and hand its driver to `send`.
fn with_driver(
    target: &PrinterTarget,
    send: impl Fn(&dyn Driver) -> escpos::errors::Result<()>,
) -> Result<(), PrinterProblem> {
    let sent = match target {
        // A file "printer" collects receipts: shop data, so only its owner may read it.
        PrinterTarget::File(path) => {
            send(&open_file(path, OpenOptions::new().append(true).create(true).mode(0o600), target)?)
        }
        PrinterTarget::Usb(path) => send(&open_file(path, OpenOptions::new().write(true), target)?),
        PrinterTarget::Tcp { host, port } => send(&open_tcp(host, *port, target)?),
    };
    sent.map_err(|e| PrinterProblem::Failed { target: target.to_string(), detail: e.to_string() })
}

/// Print `text` on `target`, then the QR code of `qr` if any, then feed and cut.
pub fn print_text(target: &PrinterTarget, text: &str, qr: Option<&str>) -> Result<(), PrinterProblem> {
    with_driver(target, |driver| send(driver, text, qr))
}

/// Send ready-made ESC/POS `bytes` (labels) to `target` in one write.
pub fn send_bytes(target: &PrinterTarget, bytes: &[u8]) -> Result<(), PrinterProblem> {
    with_driver(target, |driver| {
        driver.write(bytes)?;
        driver.flush()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms() {
        assert_eq!("file:/tmp/struk.bin".parse(), Ok(PrinterTarget::File("/tmp/struk.bin".into())));
        assert_eq!(" usb:/dev/usb/lp0 ".parse(), Ok(PrinterTarget::Usb("/dev/usb/lp0".into())));
        assert_eq!("tcp:192.168.1.50:9100".parse(), Ok(PrinterTarget::Tcp { host: "192.168.1.50".into(), port: 9100 }));
        assert_eq!("TCP:[::1]:9100".parse(), Ok(PrinterTarget::Tcp { host: "::1".into(), port: 9100 }));
        assert_eq!(PrinterTarget::Tcp { host: "::1".into(), port: 9100 }.to_string(), "tcp:[::1]:9100");
    }

    #[test]
    fn empty_or_malformed_targets_say_what_is_accepted() {
        let err = "".parse::<PrinterTarget>().unwrap_err().to_string();
        assert!(err.contains("printer.target") && err.contains("tcp:HOST:PORT"), "{err}");
        for bad in ["lp0", "tcp:printer", "tcp:printer:99999", "tcp::9100", "serial:/dev/ttyS0", "file:"] {
            let err = bad.parse::<PrinterTarget>().unwrap_err().to_string();
            assert!(err.contains(&format!("'{bad}'")) && err.contains("usb:/dev/usb/lp0"), "{err}");
        }
    }

    #[test]
    fn non_ascii_prints_as_question_marks() {
        assert_eq!(printable("Kopi ☕ Crème"), "Kopi ? Cr?me");
    }

    #[test]
    fn a_missing_usb_device_is_a_clear_error() {
        let target = PrinterTarget::Usb("/nonexistent/usb/lp9".into());
        let err = print_text(&target, "x", None).unwrap_err().to_string();
        assert!(err.contains("usb:/nonexistent/usb/lp9"), "{err}");
    }
}
