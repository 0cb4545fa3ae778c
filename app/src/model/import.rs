//! Importing members from CSV (PrintJob): what the dry run and the import report.

use serde::{Deserialize, Serialize};

/// The columns, in any order, named in the first line.
pub const IMPORT_COLUMNS: [&str; 4] = ["email", "name", "department", "role"];
/// The most rows one import takes.
pub const MAX_IMPORT_ROWS: usize = 5_000;
/// The largest file one import takes, in bytes.
pub const MAX_IMPORT_BYTES: usize = 1_000_000;

/// One line of the file, as read and resolved by the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    /// The line in the file (the header is line 1).
    pub line: usize,
    pub email: String,
    pub name: String,
    /// The department named in the file, found in the company.
    pub department: Option<(i64, String)>,
    pub role: Option<imprimatur_core::Role>,
    /// What is wrong with this line; empty when it can be imported.
    pub errors: Vec<String>,
}

/// The answer to a dry run or an import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: usize,
    /// Lines with problems; nothing is imported while there is one.
    pub problems: Vec<ImportRow>,
    /// How many accounts were created (0 for a dry run or a refused file).
    pub imported: usize,
}
