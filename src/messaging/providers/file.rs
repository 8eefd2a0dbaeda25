//! The default provider: one JSON line per message appended to a file, so warung
//! works offline and without an account (and tests can read what was "sent").

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use futures::future::BoxFuture;

use super::Provider;
use crate::messaging::{OutgoingMessage, SendOutcome};
use crate::services::{Result, ServiceError};

pub struct FileProvider {
    file: Mutex<File>,
}

impl FileProvider {
    pub fn open(path: &Path) -> Result<FileProvider> {
        let mut options = OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(path)
            .map_err(|e| ServiceError::Rejected(format!("could not open the message file {}: {e}", path.display())))?;
        Ok(FileProvider { file: Mutex::new(file) })
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

impl Provider for FileProvider {
    fn name(&self) -> &'static str {
        "file"
    }

    fn send<'a>(&'a self, msg: &'a OutgoingMessage) -> BoxFuture<'a, SendOutcome> {
        Box::pin(async move {
            match self.append(msg) {
                Ok(()) => SendOutcome::Sent { provider_id: format!("file-{}", msg.id) },
                Err(e) => SendOutcome::Retry { after: None, reason: format!("could not write the message file: {e}") },
            }
        })
    }
}
