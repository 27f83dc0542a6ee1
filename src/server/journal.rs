//! The durable state file (`--state FILE`): JSON Lines, the clock first, then every call the
//! simulated service answered and every clock move, in order. A line is written and synced
//! to disk before the call is answered; on start the file is replayed, so a killed server
//! comes back with every call it answered. A torn last line (a kill during the write) is cut.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::clock::Clock;

/// One line of the state file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    /// The first line: the clock and the id seed.
    Start {
        /// The clock settings.
        clock: Clock,
        /// The seed of the session's ids.
        seed: u64,
    },
    /// A call answered by the simulated service.
    Call {
        /// Its simulated instant, ms since the epoch.
        at_ms: i64,
        /// The action.
        action: String,
        /// The SDK-style JSON request.
        request: Value,
    },
    /// A clock move by the control call, ms.
    Advance {
        /// How far.
        ms: i64,
    },
}

/// An open state file.
#[derive(Debug)]
pub struct Journal {
    file: File,
}

/// Why the state file cannot be used.
#[derive(Debug)]
pub enum JournalError {
    /// Opening, reading or writing failed.
    Io(std::io::Error),
    /// A line in the middle of the file is not an entry (line number, reason).
    Corrupt(usize, String),
}

impl std::fmt::Display for JournalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JournalError::Io(e) => write!(f, "{e}"),
            JournalError::Corrupt(line, why) => write!(f, "line {line} is not an entry: {why}"),
        }
    }
}

impl From<std::io::Error> for JournalError {
    fn from(e: std::io::Error) -> Self {
        JournalError::Io(e)
    }
}

impl Journal {
    /// Opens (or creates) `path` and reads its entries; a torn last line is cut off.
    pub fn open(path: &Path) -> Result<(Journal, Vec<Entry>), JournalError> {
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)?;
        let mut entries = Vec::new();
        let mut good_len = 0u64;
        let mut torn = false;
        let mut reader = BufReader::new(&file);
        let mut line = String::new();
        let mut number = 0;
        loop {
            line.clear();
            let n = reader.read_line(&mut line)?;
            if n == 0 {
                break;
            }
            number += 1;
            if !line.ends_with('\n') {
                torn = true;
                break;
            }
            match serde_json::from_str::<Entry>(line.trim_end()) {
                Ok(e) => entries.push(e),
                Err(e) => return Err(JournalError::Corrupt(number, e.to_string())),
            }
            good_len += n as u64;
        }
        if torn {
            file.set_len(good_len)?;
            file.seek(SeekFrom::End(0))?;
        }
        Ok((Journal { file }, entries))
    }

    /// Appends `entry` and syncs it to disk.
    pub fn append(&mut self, entry: &Entry) -> Result<(), JournalError> {
        let mut line =
            serde_json::to_string(entry).map_err(|e| JournalError::Io(std::io::Error::other(e)))?;
        line.push('\n');
        self.file.write_all(line.as_bytes())?;
        self.file.sync_data()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_survive_a_reopen_and_a_torn_line_is_cut() {
        let dir = std::env::temp_dir().join(format!("rcs-journal-{}", std::process::id()));
        let _ = std::fs::remove_file(&dir);
        let (mut j, entries) = Journal::open(&dir).unwrap();
        assert!(entries.is_empty());
        let a = Entry::Advance { ms: 5 };
        let b = Entry::Call {
            at_ms: 7,
            action: "RunCommand".into(),
            request: serde_json::json!({"RegionId": "cn-hangzhou"}),
        };
        j.append(&a).unwrap();
        j.append(&b).unwrap();
        drop(j);
        let mut f = OpenOptions::new().append(true).open(&dir).unwrap();
        f.write_all(b"{\"kind\":\"adv").unwrap();
        drop(f);
        let (mut j, entries) = Journal::open(&dir).unwrap();
        assert_eq!(entries, vec![a.clone(), b.clone()]);
        j.append(&a).unwrap();
        drop(j);
        let (_, entries) = Journal::open(&dir).unwrap();
        assert_eq!(entries, vec![a.clone(), b, a]);
        let _ = std::fs::remove_file(&dir);
    }
}
