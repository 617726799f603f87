//! What a report reads: the documents an `--out` directory holds, read back with the very
//! types that wrote them (`present::Report` for `result.json` and the twins,
//! `present::json::LuckJson` for `luck.json`), so the writer and the reader cannot drift
//! apart: a field renamed on one side fails to compile on the other.

pub use crate::present::Report as ResultDoc;
pub use crate::present::json::LuckJson as LuckDoc;
