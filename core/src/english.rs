//! The word counts of the language test (lint.structure.english): how many words a text has and
//! how many of them are English function words, in one pass without making a string per word.

use std::cell::RefCell;
use rustc_hash::FxHashMap;

use pyo3::prelude::*;
use pyo3::types::{PyFrozenSet, PyString};
use rustc_hash::FxHashSet;

thread_local! {
    /// Non-ASCII character -> whether Python's `re` takes it for `\d` (`str.isdecimal`).
    static DECIMAL: RefCell<FxHashMap<char, bool>> = RefCell::new(FxHashMap::default());
    /// The last frozenset of function words, held, with its words and the length of the longest:
    /// the filters ask with the same set for every paragraph.
    static FUNCTION_WORDS: RefCell<Option<(Py<PyAny>, std::rc::Rc<(FxHashSet<String>, usize)>)>> = const { RefCell::new(None) };
}

/// The words of `function_words` and the length (code points) of the longest; kept for the
/// same frozenset, which cannot change (any other iterable is read afresh).
fn function_word_set(function_words: &Bound<'_, PyAny>) -> PyResult<std::rc::Rc<(FxHashSet<String>, usize)>> {
    let frozen = function_words.is_exact_instance_of::<PyFrozenSet>();
    if frozen {
        let known = FUNCTION_WORDS.with(|c| match &*c.borrow() {
            Some((set, words)) if set.is(function_words) => Some(words.clone()),
            _ => None,
        });
        if let Some(words) = known {
            return Ok(words);
        }
    }
    let words = crate::word_set(function_words)?;
    // A longer word is none of them: `str.lower` never makes a word shorter.
    let longest = words.iter().map(|w| w.chars().count()).max().unwrap_or(0);
    let answer = std::rc::Rc::new((words, longest));
    if frozen {
        FUNCTION_WORDS.with(|c| *c.borrow_mut() = Some((function_words.clone().unbind(), answer.clone())));
    }
    Ok(answer)
}

/// `[^\W\d_]` of Python's `re` on a `str` pattern: `\w` (`str.isalnum()` or '_') that is
/// neither '_' nor `\d` (`str.isdecimal()`).
#[inline(always)]
fn is_letter(py: Python<'_>, c: char) -> PyResult<bool> {
    if c.is_ascii() {
        return Ok(c.is_ascii_alphabetic());
    }
    is_letter_asked(py, c)
}

/// `is_letter` of a non-ASCII character, asked of Python once per character and thread.
#[cold]
#[inline(never)]
fn is_letter_asked(py: Python<'_>, c: char) -> PyResult<bool> {
    if !crate::is_w(py, c)? {
        return Ok(false);
    }
    if let Some(known) = DECIMAL.with(|m| m.borrow().get(&c).copied()) {
        return Ok(!known);
    }
    let mut buf = [0u8; 4];
    let decimal: bool = PyString::new(py, c.encode_utf8(&mut buf)).call_method0("isdecimal")?.extract()?;
    DECIMAL.with(|m| m.borrow_mut().insert(c, decimal));
    Ok(!decimal)
}

/// The words of `text` that `re.findall(r"[^\W\d_]+", text)` finds: (how many, how many of them
/// lowered by Python's `str.lower` are in `function_words`).
#[pyfunction]
pub fn word_share(py: Python<'_>, text: &str, function_words: Bound<'_, PyAny>) -> PyResult<(usize, usize)> {
    let set = function_word_set(&function_words)?;
    let (function_words, longest) = (&set.0, set.1);
    let (mut words, mut function) = (0usize, 0usize);
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_letter(py, c)? {
            continue;
        }
        word.clear();
        word.push(c);
        let mut ascii = c.is_ascii();
        let mut length = 1;
        while let Some(&next) = chars.peek() {
            if !is_letter(py, next)? {
                break;
            }
            if length < longest + 1 {
                word.push(next);
            }
            length += 1;
            ascii &= next.is_ascii();
            chars.next();
        }
        words += 1;
        let found = if length > longest {
            false
        } else if ascii {
            word.make_ascii_lowercase();
            function_words.contains(&word)
        } else {
            let lower: String = PyString::new(py, &word).call_method0("lower")?.extract()?;
            function_words.contains(&lower)
        };
        function += found as usize;
    }
    Ok((words, function))
}
