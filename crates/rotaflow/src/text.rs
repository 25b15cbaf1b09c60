//! Text helpers shared by every part that writes Markdown (the roster report, the clinic's
//! re-booking table). A leaf: it uses nothing else of the crate.

/// Text on one line of Markdown: line breaks and other control characters become spaces.
pub fn inline(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Text for a cell of a Markdown table: on one line, with `|` escaped.
pub fn cell(text: &str) -> String {
    inline(text).replace('|', "\\|")
}

/// The head of a Markdown table: the row of column names and the rule below it, each ending
/// with a line break; the columns for which `right_aligned(index)` holds (numbers) are
/// right-aligned.
pub fn table_head(cols: &[&str], right_aligned: impl Fn(usize) -> bool) -> String {
    let rule: Vec<&str> = (0..cols.len())
        .map(|i| if right_aligned(i) { "---:" } else { "---" })
        .collect();
    format!("| {} |\n| {} |\n", cols.join(" | "), rule.join(" | "))
}
