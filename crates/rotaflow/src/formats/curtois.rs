//! The Curtois & Qu shift scheduling benchmark format.
