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
