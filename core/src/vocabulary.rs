//! The prose words one file adds to the learned vocabulary (lint.learned.file_words).

use pyo3::prelude::*;
use pyo3::types::PyDict;
use rustc_hash::FxHashMap;

use crate::lexicon::KnownWords;
use crate::Counts;

/// The prose words of `text` (`[A-Za-z]+(?:['’][A-Za-z]+)*`, as the spellers see words), lowercase,
/// that `known` lacks, each with how often it occurs (in any case), in the order of first occurrence.
#[pyfunction]
pub fn unknown_prose_words<'py>(py: Python<'py>, text: &str, known: &Bound<'py, KnownWords>) -> PyResult<Bound<'py, PyDict>> {
    let known = known.get();
    // Distinct words as written first (no copies), then their lowercase forms.
    let mut counts = Counts::default();
    for word in crate::prose_words(text) {
        counts.add(word);
    }
    let mut lows: Vec<String> = Vec::new();
    let mut low_counts: FxHashMap<String, usize> = FxHashMap::default();
    for &(word, count) in &counts.order {
        // ASCII letters and apostrophes: str.lower() changes only the letters.
        let low = word.to_ascii_lowercase();
        match low_counts.get_mut(&low) {
            Some(n) => *n += count,
            None => {
                if !known.has(&low) {
                    lows.push(low.clone());
                    low_counts.insert(low, count);
                }
            }
        }
    }
    let out = PyDict::new(py);
    for word in lows {
        out.set_item(&word, low_counts[&word])?;
    }
    Ok(out)
}
