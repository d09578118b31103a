//! The prose words one file adds to the learned vocabulary (lint.learned.file_words).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::lexicon::KnownWords;

/// FNV-1a: short words hash faster than with the default SipHash, and nothing here is adversarial
/// beyond what a bounded file can do.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf29ce484222325 } else { self.0 };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x100000001b3);
        }
        self.0 = h;
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// The prose words of `text` (`[A-Za-z]+(?:['’][A-Za-z]+)*`, as the spellers see words), lowercase,
/// that `known` lacks, each with how often it occurs (in any case), in the order of first occurrence.
#[pyfunction]
pub fn unknown_prose_words<'py>(py: Python<'py>, text: &str, known: &Bound<'py, KnownWords>) -> PyResult<Bound<'py, PyDict>> {
    let known = known.get();
    // Distinct words as written first (no copies), then their lowercase forms.
    let mut order: Vec<&str> = Vec::new();
    let mut counts: FnvMap<&str, usize> = FnvMap::default();
    for word in crate::prose_words(text) {
        let n = counts.entry(word).or_insert(0);
        if *n == 0 {
            order.push(word);
        }
        *n += 1;
    }
    let mut lows: Vec<String> = Vec::new();
    let mut low_counts: FnvMap<String, usize> = FnvMap::default();
    for word in order {
        // ASCII letters and apostrophes: str.lower() changes only the letters.
        let low = word.to_ascii_lowercase();
        match low_counts.get_mut(&low) {
            Some(n) => *n += counts[word],
            None => {
                if !known.has(&low) {
                    lows.push(low.clone());
                    low_counts.insert(low, counts[word]);
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
