//! typolint's compiled core: the tokenisation that the YAML rule kinds share, and the scans of the
//! most expensive kinds (see bench/results/profile_rules.md), as `lint._core`.
//!
//! Every function takes the checked text as a Python `str` and answers in code points of it (Python
//! `str` indices), never in UTF-8 bytes: the text is scanned as a sequence of `char`s, whose index
//! is the code-point offset. Character classes follow Python's `re` on `str` patterns exactly:
//! `\w` is `str.isalnum()` or `_`, asked of Python itself for a non-ASCII character (once per
//! character and process), so the Unicode tables are the interpreter's own.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFrozenSet, PyList, PyString};

thread_local! {
    /// Non-ASCII character -> whether Python's `re` counts it as `\w`.
    static WORD_CHARS: RefCell<HashMap<char, bool>> = RefCell::new(HashMap::new());
}

/// `\w` of Python's `re` on a `str` pattern: `c.isalnum() or c == "_"`.
fn is_w(py: Python<'_>, c: char) -> PyResult<bool> {
    if c.is_ascii() {
        return Ok(c.is_ascii_alphanumeric() || c == '_');
    }
    if let Some(known) = WORD_CHARS.with(|m| m.borrow().get(&c).copied()) {
        return Ok(known);
    }
    let mut buf = [0u8; 4];
    let answer: bool = PyString::new(py, c.encode_utf8(&mut buf)).call_method0("isalnum")?.extract()?;
    WORD_CHARS.with(|m| m.borrow_mut().insert(c, answer));
    Ok(answer)
}

/// `[\w'’-]`: a character that continues a word for the kinds' look-arounds.
fn is_wordish(py: Python<'_>, c: char) -> PyResult<bool> {
    Ok(c == '\'' || c == '’' || c == '-' || is_w(py, c)?)
}

/// True when the character at `i` (absent at either end) is `[\w'’-]`.
fn wordish_at(py: Python<'_>, chars: &[char], i: Option<usize>) -> PyResult<bool> {
    match i.and_then(|i| chars.get(i)) {
        Some(&c) => is_wordish(py, c),
        None => Ok(false),
    }
}

/// The maximal runs of ASCII letters (`[A-Za-z]+`) of `text`, each with how often it occurs, in the
/// order of first occurrence (what `collections.Counter(re.findall("[A-Za-z]+", text))` gives).
#[pyfunction]
fn letter_runs<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyDict>> {
    let bytes = text.as_bytes();
    let mut order: Vec<&str> = Vec::new();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphabetic() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            // ASCII bytes never fall inside a multi-byte character, so this slice is valid UTF-8.
            let run = &text[start..i];
            let n = counts.entry(run).or_insert(0);
            if *n == 0 {
                order.push(run);
            }
            *n += 1;
        } else {
            i += 1;
        }
    }
    let out = PyDict::new(py);
    for run in order {
        out.set_item(run, counts[run])?;
    }
    Ok(out)
}

/// The distinct lowercase ASCII words of `text` that stand alone: what
/// `re.findall(r"(?<![\w'’-])[a-z]+(?![\w'’-])", text)` finds, as a frozenset.
#[pyfunction]
fn lowercase_words<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyFrozenSet>> {
    let chars: Vec<char> = text.chars().collect();
    let mut found: HashSet<String> = HashSet::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_lowercase() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_lowercase() {
                i += 1;
            }
            // Backtracking to a shorter run leaves a letter after it, so only the whole run can match.
            if !wordish_at(py, &chars, start.checked_sub(1))? && !wordish_at(py, &chars, Some(i))? {
                found.insert(chars[start..i].iter().collect());
            }
        } else {
            i += 1;
        }
    }
    PyFrozenSet::new(py, found.iter())
}

/// A maximal `[A-Z][a-z]+` starting at `i`: its end, or None.
fn title_word(chars: &[char], i: usize) -> Option<usize> {
    if !chars.get(i)?.is_ascii_uppercase() {
        return None;
    }
    let mut j = i + 1;
    while j < chars.len() && chars[j].is_ascii_lowercase() {
        j += 1;
    }
    if j > i + 1 {
        Some(j)
    } else {
        None
    }
}

/// Runs of two to five Capitalised words joined by single spaces, not touching `[\w'’-]`: the
/// matches of `(?<![\w'’-])[A-Z][a-z]+(?:[ ][A-Z][a-z]+){1,4}(?![\w'’-])` in order, as a list of
/// (text, start, end) in code points.
#[pyfunction]
fn name_runs<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyList>> {
    let chars: Vec<char> = text.chars().collect();
    let out = PyList::empty(py);
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_uppercase() || wordish_at(py, &chars, i.checked_sub(1))? {
            i += 1;
            continue;
        }
        // The words of the run (at most five), then the longest of two or more whose end is free.
        let mut ends: Vec<usize> = Vec::with_capacity(5);
        let mut at = i;
        while ends.len() < 5 {
            match title_word(&chars, at) {
                Some(end) => {
                    ends.push(end);
                    if chars.get(end) != Some(&' ') {
                        break;
                    }
                    at = end + 1;
                }
                None => break,
            }
        }
        let mut matched = None;
        for k in (2..=ends.len()).rev() {
            if !wordish_at(py, &chars, Some(ends[k - 1]))? {
                matched = Some(ends[k - 1]);
                break;
            }
        }
        match matched {
            Some(end) => {
                let run: String = chars[i..end].iter().collect();
                out.append((run, i, end))?;
                i = end;
            }
            None => i += 1,
        }
    }
    Ok(out)
}

/// Characters that Python's `re.IGNORECASE` matches to an ASCII letter: 'İ', 'ı', 'ſ' and the
/// Kelvin sign (lint.engines.rules.kinds.simple.FOLDS_TO_ASCII), with that letter.
fn ascii_fold(c: char) -> Option<char> {
    match c {
        'a'..='z' => Some(c),
        'A'..='Z' => Some(c.to_ascii_lowercase()),
        '\u{130}' | '\u{131}' => Some('i'),
        '\u{17f}' => Some('s'),
        '\u{212a}' => Some('k'),
        _ => None,
    }
}

/// Spans (code points) of the whole-word occurrences, in any case, of `words` (lowercase ASCII
/// words) in `text`: the matches of `(?<![\w'’-])(?:w1|w2|...)(?![\w'’-])` with `re.IGNORECASE`.
#[pyfunction]
fn find_words_nocase<'py>(py: Python<'py>, text: &str, words: HashSet<String>) -> PyResult<Bound<'py, PyList>> {
    let chars: Vec<char> = text.chars().collect();
    let out = PyList::empty(py);
    let mut folded = String::new();
    let mut i = 0;
    while i < chars.len() {
        if ascii_fold(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        folded.clear();
        while i < chars.len() {
            match ascii_fold(chars[i]) {
                Some(c) => folded.push(c),
                None => break,
            }
            i += 1;
        }
        // Every character that folds to a letter is \w, so a match is a whole such run.
        if words.contains(&folded)
            && !wordish_at(py, &chars, start.checked_sub(1))?
            && !wordish_at(py, &chars, Some(i))?
        {
            out.append((start, i))?;
        }
    }
    Ok(out)
}

/// The lowercase words (`\w+(?:['’]\w+)*`) of each paragraph span of `text`, for comparing
/// paragraphs: per span a tuple (number of words, all words, the first `anchor` words, the last
/// `anchor` words), each group joined by single spaces (no word holds a space). Words are lowered
/// by Python's `str.lower`, one by one (ASCII ones here).
#[pyfunction]
fn paragraph_words<'py>(
    py: Python<'py>,
    text: &str,
    spans: Vec<(usize, usize)>,
    anchor: usize,
) -> PyResult<Bound<'py, PyList>> {
    let chars: Vec<char> = text.chars().collect();
    let out = PyList::empty(py);
    let mut words: Vec<String> = Vec::new();
    for (start, end) in spans {
        let end = end.min(chars.len());
        words.clear();
        let mut i = start;
        while i < end {
            if !is_w(py, chars[i])? {
                i += 1;
                continue;
            }
            let from = i;
            while i < end && is_w(py, chars[i])? {
                i += 1;
            }
            // (?:['’]\w+)*: an apostrophe joins the word only when a word character follows it.
            while i + 1 < end && (chars[i] == '\'' || chars[i] == '’') && is_w(py, chars[i + 1])? {
                i += 1;
                while i < end && is_w(py, chars[i])? {
                    i += 1;
                }
            }
            let word = &chars[from..i];
            if word.iter().all(|c| c.is_ascii()) {
                words.push(word.iter().map(|c| c.to_ascii_lowercase()).collect());
            } else {
                let original: String = word.iter().collect();
                words.push(PyString::new(py, &original).call_method0("lower")?.extract()?);
            }
        }
        let n = words.len();
        let head = words[..anchor.min(n)].join(" ");
        // As Python's tokens[-anchor:], which is every word for an anchor of 0.
        let tail = words[if anchor == 0 { 0 } else { n.saturating_sub(anchor) }..].join(" ");
        out.append((n, words.join(" "), head, tail))?;
    }
    Ok(out)
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(letter_runs, m)?)?;
    m.add_function(wrap_pyfunction!(lowercase_words, m)?)?;
    m.add_function(wrap_pyfunction!(name_runs, m)?)?;
    m.add_function(wrap_pyfunction!(find_words_nocase, m)?)?;
    m.add_function(wrap_pyfunction!(paragraph_words, m)?)?;
    Ok(())
}
