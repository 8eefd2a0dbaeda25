//! Standard output for people: when it is a terminal, control characters in the
//! data (a name stored before they were refused) are dropped, so they cannot move
//! the cursor or retitle the window. A pipe or a file gets the data unchanged.

use std::io::{IsTerminal, Write};

/// Drops ASCII control bytes other than line feed and tab. UTF-8 continuation
/// bytes are never below 0x80, so multi-byte characters pass untouched.
pub struct StripControls<W: Write>(pub W);

impl<W: Write> Write for StripControls<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let kept: Vec<u8> =
            buf.iter().copied().filter(|&b| !(b < 0x20 || b == 0x7f) || b == b'\n' || b == b'\t').collect();
        self.0.write_all(&kept)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Standard output, stripped of control characters when it is a terminal.
pub fn stdout() -> Box<dyn Write> {
    let out = std::io::stdout();
    if out.is_terminal() { Box::new(StripControls(out.lock())) } else { Box::new(out.lock()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_bytes_are_dropped_and_text_kept() {
        let mut out = StripControls(Vec::new());
        out.write_all("Kopi\u{1b}]0;x\u{7}\r,Rp 5.000\tá\n".as_bytes()).unwrap();
        assert_eq!(String::from_utf8(out.0).unwrap(), "Kopi]0;x,Rp 5.000\tá\n");
    }
}
