//! Chapter versions as the files section shows them: each a document and
//! its PDF, numbered 1, 2, … per chapter.

use serde::{Deserialize, Serialize};

/// The longest version comment.
pub const MAX_VERSION_COMMENT_LEN: usize = 2000;

/// One version of a chapter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChapterVersion {
    pub number: i32,
    pub created_by: i64,
    pub created_by_name: String,
    /// As `2026-12-07 14:05 UTC`.
    pub created_at: String,
    pub comment: Option<String>,
    pub document_name: String,
    pub document_size: i64,
    pub document_sha256: String,
    pub pdf_size: i64,
    pub pdf_sha256: String,
    pub pdf_pages: i32,
}

/// A size for people: `812 bytes`, `3.4 KB`, `12.0 MB`, `1.2 GB`.
pub fn human_size(bytes: i64) -> String {
    const UNITS: [&str; 3] = ["KB", "MB", "GB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    // Sizes are far below 2^53: exact enough as a float.
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_the_largest_fitting_unit() {
        assert_eq!(human_size(812), "812 bytes");
        assert_eq!(human_size(3482), "3.4 KB");
        assert_eq!(human_size(12 * 1024 * 1024), "12.0 MB");
        assert_eq!(human_size(3 * 1024 * 1024 * 1024 / 2), "1.5 GB");
    }
}
