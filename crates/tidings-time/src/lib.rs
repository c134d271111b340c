//! Temporal expressions: find DATE, TIME, DURATION and SET expressions, normalize them to
//! TIMEX3 values against the document creation time, read and write TimeML, and score
//! against gold with the TempEval-3 Task A metrics.

pub mod score;
pub mod timeml;
