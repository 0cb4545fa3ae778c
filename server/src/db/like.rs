//! LIKE patterns for searches typed by people.

/// `%text%` for LIKE, with the wildcards in `text` taken literally.
pub fn contains_pattern(text: &str) -> String {
    format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}
