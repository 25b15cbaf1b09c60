//! Reading and writing files: scenario folders of CSV files, rosters, and benchmark formats.
//! Readers take any `std::io::Read`; errors name the file, line and column.

mod contract_read;
pub mod curtois;
mod demand_read;
mod error;
mod fairness_read;
mod history_write;
mod hours_read;
mod ics;
pub mod inrc2;
mod pairs_read;

pub use curtois::generate as curtois_gen;
pub use error::{FormatError, FormatErrors, MAX_KEPT, SHOWN_ALIKE};
mod atomic;
mod book_csv;
mod changes_read;
mod clinic_read;
mod commitments_read;
mod roster_csv;
mod scenario_read;
mod scenario_write;
mod sequence_read;
mod source;
mod staff_read;
mod table;

pub use atomic::{check_output_dir, write_atomic, write_files_atomic, write_paths_atomic};
pub use book_csv::{
    read_book, read_book_file, read_book_file_on_roster, read_book_on_roster, write_book,
    write_rebook, BOOK_HEADER,
};
pub use changes_read::{read_changes, read_changes_file, write_changes, ChangeFile};
pub use clinic_read::{has_clinic, read_clinic, read_clinic_dir, CLINIC_FILES};
pub use history_write::{history_out, HistoryOptions};
pub use ics::{ics_calendars, ics_calendars_with_sessions};
pub use roster_csv::{read_roster, read_roster_file, write_roster};
pub use scenario_read::{
    read_scenario, read_scenario_dir, scenario_files, OPTIONAL_FILES, REQUIRED_FILES,
};
pub use scenario_write::{write_scenario, write_scenario_dir};
pub use source::{open_input, DirSource, Input, MemorySource, Source, MAX_INPUT_BYTES};

#[cfg(test)]
pub(crate) mod tests;
