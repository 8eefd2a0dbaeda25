//! The default provider: one JSON line per message appended to a file, so warung
//! works offline and without an account (and tests can read what was "sent").

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use futures::future::BoxFuture;

use super::Provider;
use crate::messaging::{OutgoingMessage, SendOutcome};
use crate::services::{Refusal, Result, ServiceError};

pub struct FileProvider {
    path: PathBuf,
    file: Mutex<File>,
}

/// A process killed mid-write may leave a last line without its newline: end it, so
/// the next message starts a line of its own.
fn end_partial_line(path: &Path, file: &mut File) -> std::io::Result<()> {
    let mut reader = File::open(path)?;
    if reader.seek(SeekFrom::End(0))? == 0 {
        return Ok(());
    }
    reader.seek(SeekFrom::End(-1))?;
    let mut last = [0u8];
    reader.read_exact(&mut last)?;
    if last[0] != b'\n' {
        file.write_all(b"\n")?;
    }
    Ok(())
}

impl FileProvider {
    pub fn open(path: &Path) -> Result<FileProvider> {
        let mut options = OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let fail = |e: std::io::Error| -> ServiceError {
            Refusal::MessageFile { path: path.display().to_string(), detail: e.to_string() }.into()
        };
        let mut file = options.open(path).map_err(fail)?;
        end_partial_line(path, &mut file).map_err(fail)?;
        Ok(FileProvider { path: path.to_path_buf(), file: Mutex::new(file) })
    }

    /// The outbox ids of every whole line in the file.
    fn written_ids(&self) -> std::io::Result<HashSet<i64>> {
        let mut ids = HashSet::new();
        for line in BufReader::new(File::open(&self.path)?).lines() {
            let line = line?;
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&line)
                && let Some(id) = value["id"].as_i64()
            {
                ids.insert(id);
            }
        }
        Ok(ids)
    }

    fn append(&self, msg: &OutgoingMessage) -> std::io::Result<()> {
        let line = serde_json::json!({
            "id": msg.id,
            "kind": msg.kind,
            "channel": msg.channel,
            "to": msg.phone,
            "body": msg.body,
            "template": msg.template.name,
            "language": msg.template.language,
            "params": msg.template.params,
        });
        let mut text = line.to_string();
        text.push('\n');
        // One write per line: appends from several processes never interleave.
        self.file.lock().unwrap_or_else(|e| e.into_inner()).write_all(text.as_bytes())
    }
}

fn provider_id(id: i64) -> String {
    format!("file-{id}")
}

impl Provider for FileProvider {
    fn name(&self) -> &'static str {
        "file"
    }

    fn send<'a>(&'a self, msg: &'a OutgoingMessage) -> BoxFuture<'a, SendOutcome> {
        Box::pin(async move {
            match self.append(msg) {
                Ok(()) => SendOutcome::Sent { provider_id: provider_id(msg.id) },
                Err(e) => SendOutcome::Retry { after: None, reason: format!("could not write the message file: {e}") },
            }
        })
    }

    /// The file is the record of what was "sent": a message with its line was taken.
    fn taken(&self, ids: &[i64]) -> Option<HashMap<i64, String>> {
        match self.written_ids() {
            Ok(written) => {
                Some(ids.iter().filter(|id| written.contains(id)).map(|&id| (id, provider_id(id))).collect())
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not read the message file to settle unknown messages");
                None
            }
        }
    }
}
