//! Reading and writing files: scenario folders of CSV files, rosters, and benchmark formats.
//! Readers take any `std::io::Read`; errors name the file, line and column.

pub mod curtois;
mod error;

pub use error::{FormatError, FormatErrors};
