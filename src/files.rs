//! Files the command line and the screens write: always whole or not at all.

use std::io::Write;
use std::path::Path;

use crate::services::{Refusal, ServiceError};

/// Refuse to replace an existing `path` unless `replace` (`--force`), as `backup` does.
pub fn check_replace(path: &Path, replace: bool) -> anyhow::Result<()> {
    if !replace && path.exists() {
        return Err(ServiceError::from(Refusal::FileExists { path: path.display().to_string() }).into());
    }
    Ok(())
}

/// `path` could not be written, and why (the system's words), said in the user's language.
fn cannot_write(path: &Path, cause: std::io::Error) -> anyhow::Error {
    ServiceError::from(Refusal::CannotWrite { path: path.display().to_string(), detail: cause.to_string() }).into()
}

/// Write into a temporary file (mode 0600: it holds shop data) beside `path` and
/// rename it into place, so a failed export never leaves a partial file behind. An
/// existing `path` is replaced only with `replace`. Returns what `write` returned
/// (a count of rows or records).
pub fn write_atomically(
    path: &Path,
    replace: bool,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<usize>,
) -> anyhow::Result<usize> {
    check_replace(path, replace)?;
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(folder).map_err(|e| cannot_write(folder, e))?;
    let written = {
        let mut out = std::io::BufWriter::new(temp.as_file_mut());
        let written = write(&mut out)?;
        out.flush()?;
        written
    };
    let persisted = if replace { temp.persist(path) } else { temp.persist_noclobber(path) };
    persisted.map_err(|e| cannot_write(path, e.error))?;
    Ok(written)
}

/// A folder only its owner can enter (the logs): created if missing, and narrowed
/// to 0700 if it already existed wider.
pub fn private_dir(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_dirs_are_for_the_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("a/logs");
        private_dir(&logs).unwrap();
        assert_eq!(std::fs::metadata(&logs).unwrap().permissions().mode() & 0o777, 0o700);
        std::fs::set_permissions(&logs, std::fs::Permissions::from_mode(0o755)).unwrap();
        private_dir(&logs).unwrap();
        assert_eq!(std::fs::metadata(&logs).unwrap().permissions().mode() & 0o777, 0o700);
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        assert_eq!(write_atomically(&path, false, |out| Ok(out.write(b"a,b\n")?)).unwrap(), 4);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n");
        let failed = write_atomically(&dir.path().join("bad.csv"), false, |out| {
            out.write_all(b"half")?;
            anyhow::bail!("stopped")
        });
        assert!(failed.is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["out.csv"]);
    }

    #[test]
    fn an_existing_file_is_replaced_only_when_asked_and_stays_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        let refused = write_atomically(&path, false, |out| Ok(out.write(b"new")?)).unwrap_err();
        assert!(refused.to_string().contains("already exists (use --force to replace it)"), "{refused}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        write_atomically(&path, true, |out| Ok(out.write(b"new")?)).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
