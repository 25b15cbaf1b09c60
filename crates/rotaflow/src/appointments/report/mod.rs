//! Documents of the clinic side for people and programs: the text table and JSON of a session
//! template ([`template`]), the `plan.md` and `flow.json` of a month's booking plan
//! ([`booking`]), the summary, `book-flow.md` and `book-flow.json` of an existing
//! appointment book against its optimised book ([`book_flow`]), and the comparison of a
//! staggered book with everyone at the session start ([`stagger`]). Markdown tables share
//! their head with the rest of the crate
//! (`text::table_head`).

pub mod book_flow;
pub mod booking;
pub mod stagger;
pub mod template;
