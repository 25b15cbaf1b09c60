//! Documents of the clinic side for people and programs: the text table and JSON of a session
//! template ([`template`]) and the `plan.md` and `flow.json` of a month's booking plan
//! ([`booking`]), and the comparison of a staggered book with everyone at the session start
//! ([`stagger`]). Markdown tables share their head with the rest of the crate
//! (`text::table_head`).

pub mod booking;
pub mod stagger;
pub mod template;
