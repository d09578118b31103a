//! typolint's compiled core: the tokenisation that the YAML rule kinds share, and the scans of the
//! most expensive kinds (see bench/results/profile_rules.md), as `lint._core`.
//!
//! Every function takes the checked text as a Python `str` and answers in code points of it (Python
//! `str` indices), never in UTF-8 bytes: the text is scanned as a sequence of `char`s, whose index
//! is the code-point offset. Character classes follow Python's `re` on `str` patterns exactly:
//! `\w` is `str.isalnum()` or `_`, asked of Python itself for a non-ASCII character (once per
//! character and process), so the Unicode tables are the interpreter's own.

mod english;
mod locate;
mod emitter;
mod markdown;
mod vocabulary;
mod similar;

use std::cell::RefCell;
use std::rc::Rc;
use std::collections::hash_map::Entry;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFrozenSet, PyList, PyString, PyTuple};
// FxHash: the words and characters hashed here are short, and SipHash was most of the cost of the
// scans that count or collect words (a text is bounded input, not an adversary's hash flood).
use rustc_hash::{FxHashMap, FxHashSet};

mod lexicon;

const ALNUM: u8 = 1;
const SPACE: u8 = 2;

thread_local! {
    /// Non-ASCII character -> its classes in Python (ALNUM: `str.isalnum`, SPACE: `str.isspace`).
    static CLASSES: RefCell<FxHashMap<char, u8>> = RefCell::new(FxHashMap::default());
}

thread_local! {
    /// The last text whose characters were decoded, held (so that no other string can take its
    /// address while it is here), with its characters: the rule kinds scan one file's text with
    /// several functions in a row, and each needs it as a sequence of `char`s.
    static LAST_CHARS: RefCell<Option<(Py<PyString>, Rc<[char]>)>> = const { RefCell::new(None) };
}

/// The characters of `text` (index = code-point offset), decoded once for consecutive calls on
/// the same string object: Python strings are immutable, so the same object has the same text.
fn chars_of(text: &Bound<'_, PyString>) -> PyResult<Rc<[char]>> {
    let held = LAST_CHARS.with(|last| match &*last.borrow() {
        Some((string, chars)) if string.as_ptr() == text.as_ptr() => Some(chars.clone()),
        _ => None,
    });
    if let Some(chars) = held {
        return Ok(chars);
    }
    let chars: Rc<[char]> = text.to_str()?.chars().collect();
    LAST_CHARS.with(|last| *last.borrow_mut() = Some((text.clone().unbind(), chars.clone())));
    Ok(chars)
}

/// The classes of a non-ASCII character, asked of Python once per character and thread (out of
/// line, so that the ASCII tests of the callers inline into the scans).
#[cold]
#[inline(never)]
fn classes(py: Python<'_>, c: char) -> PyResult<u8> {
    if let Some(known) = CLASSES.with(|m| m.borrow().get(&c).copied()) {
        return Ok(known);
    }
    let mut buf = [0u8; 4];
    let s = PyString::new(py, c.encode_utf8(&mut buf));
    let alnum: bool = s.call_method0("isalnum")?.extract()?;
    let space: bool = s.call_method0("isspace")?.extract()?;
    let answer = if alnum { ALNUM } else { 0 } | if space { SPACE } else { 0 };
    CLASSES.with(|m| m.borrow_mut().insert(c, answer));
    Ok(answer)
}

/// `\w` of Python's `re` on a `str` pattern: `c.isalnum() or c == "_"`.
#[inline(always)]
fn is_w(py: Python<'_>, c: char) -> PyResult<bool> {
    if c.is_ascii() {
        return Ok(c.is_ascii_alphanumeric() || c == '_');
    }
    Ok(classes(py, c)? & ALNUM != 0)
}

/// `\s` of Python's `re` on a `str` pattern, and what `str.strip()` removes: `c.isspace()`.
#[inline(always)]
fn is_s(py: Python<'_>, c: char) -> PyResult<bool> {
    if c.is_ascii() {
        return Ok(matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r' | '\x1c' | '\x1d' | '\x1e' | '\x1f'));
    }
    Ok(classes(py, c)? & SPACE != 0)
}

/// `[\w'’-]`: a character that continues a word for the kinds' look-arounds.
#[inline(always)]
fn is_wordish(py: Python<'_>, c: char) -> PyResult<bool> {
    Ok(c == '\'' || c == '’' || c == '-' || is_w(py, c)?)
}

/// True when the character at `i` (absent at either end) is `[\w'’-]`.
#[inline(always)]
fn wordish_at(py: Python<'_>, chars: &[char], i: Option<usize>) -> PyResult<bool> {
    match i.and_then(|i| chars.get(i)) {
        Some(&c) => is_wordish(py, c),
        None => Ok(false),
    }
}

/// The strings of any Python iterable (a set, a dict's keys), as a set.
fn word_set(words: &Bound<'_, PyAny>) -> PyResult<FxHashSet<String>> {
    words.try_iter()?.map(|w| w?.extract::<String>()).collect()
}

/// The maximal runs of ASCII letters (`[A-Za-z]+`) of `text`, each with how often it occurs, in the
/// order of first occurrence (what `collections.Counter(re.findall("[A-Za-z]+", text))` gives).
/// The letters of the Cyrillic and Greek scripts, as the `regex` package's
/// `[\p{Cyrillic}\p{Greek}]` has them (inclusive code point ranges, sorted; a test of
/// lint.engines.rules.kinds.mixed_script compares the two over every code point).
const CYRILLIC_GREEK: &[(u32, u32)] = &[
    (0x0370, 0x0373), (0x0375, 0x0377), (0x037A, 0x037D), (0x037F, 0x037F), (0x0384, 0x0384),
    (0x0386, 0x0386), (0x0388, 0x038A), (0x038C, 0x038C), (0x038E, 0x03A1), (0x03A3, 0x03E1),
    (0x03F0, 0x0484), (0x0487, 0x052F), (0x1C80, 0x1C8A), (0x1D26, 0x1D2B), (0x1D5D, 0x1D61),
    (0x1D66, 0x1D6A), (0x1D78, 0x1D78), (0x1DBF, 0x1DBF), (0x1F00, 0x1F15), (0x1F18, 0x1F1D),
    (0x1F20, 0x1F45), (0x1F48, 0x1F4D), (0x1F50, 0x1F57), (0x1F59, 0x1F59), (0x1F5B, 0x1F5B),
    (0x1F5D, 0x1F5D), (0x1F5F, 0x1F7D), (0x1F80, 0x1FB4), (0x1FB6, 0x1FC4), (0x1FC6, 0x1FD3),
    (0x1FD6, 0x1FDB), (0x1FDD, 0x1FEF), (0x1FF2, 0x1FF4), (0x1FF6, 0x1FFE), (0x2126, 0x2126),
    (0x2DE0, 0x2DFF), (0xA640, 0xA69F), (0xAB65, 0xAB65), (0xFE2E, 0xFE2F), (0x10140, 0x1018E),
    (0x101A0, 0x101A0), (0x1D200, 0x1D245), (0x1DFF3, 0x1DFF4), (0x1E030, 0x1E06D),
    (0x1E08F, 0x1E08F),
];

/// The code point offsets of the Cyrillic and Greek letters of `text` (`CYRILLIC_GREEK`), in
/// order: what `[m.start() for m in regex.finditer(r"[\p{Cyrillic}\p{Greek}]", text)]` gives,
/// at a small part of its cost (the mixed-script kind starts from these letters).
#[pyfunction]
fn cyrillic_greek_letters(text: &str) -> Vec<usize> {
    text.chars()
        .enumerate()
        .filter(|&(_, c)| {
            let c = c as u32;
            c >= 0x370 && {
                let i = CYRILLIC_GREEK.partition_point(|&(_, end)| end < c);
                CYRILLIC_GREEK.get(i).is_some_and(|&(start, _)| start <= c)
            }
        })
        .map(|(i, _)| i)
        .collect()
}

#[pyfunction]
fn letter_runs<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyDict>> {
    let bytes = text.as_bytes();
    let mut runs = Counts::default();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphabetic() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            // ASCII bytes never fall inside a multi-byte character, so this slice is valid UTF-8.
            runs.add(&text[start..i]);
        } else {
            i += 1;
        }
    }
    runs.to_dict(py)
}

/// Distinct strings with how often each occurs, in the order of first occurrence.
#[derive(Default)]
pub(crate) struct Counts<'a> {
    /// String -> its place in `order`.
    index: FxHashMap<&'a str, usize>,
    /// Each distinct string with its count, in the order of first occurrence.
    pub(crate) order: Vec<(&'a str, usize)>,
}

impl<'a> Counts<'a> {
    #[inline]
    pub(crate) fn add(&mut self, item: &'a str) {
        match self.index.entry(item) {
            Entry::Occupied(at) => self.order[*at.get()].1 += 1,
            Entry::Vacant(at) => {
                at.insert(self.order.len());
                self.order.push((item, 1));
            }
        }
    }

    /// The counts as a Python dict, in the order of first occurrence.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for &(item, n) in &self.order {
            out.set_item(item, n)?;
        }
        Ok(out)
    }
}

/// The pieces of words of `text` that `[A-Za-z][a-z]+` finds (a letter, then lowercase letters),
/// each with how often it occurs, in the order of first occurrence.
#[pyfunction]
fn letter_pieces<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyDict>> {
    let bytes = text.as_bytes();
    let mut pieces = Counts::default();
    let mut i = 0;
    while i < bytes.len() {
        // A piece starts at any ASCII letter followed by a lowercase one; it takes every lowercase
        // letter after it, so the next piece starts at the first letter that is not lowercase.
        if bytes[i].is_ascii_alphabetic() && i + 1 < bytes.len() && bytes[i + 1].is_ascii_lowercase() {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_lowercase() {
                i += 1;
            }
            pieces.add(&text[start..i]);
        } else {
            i += 1;
        }
    }
    pieces.to_dict(py)
}

/// Where `words` (runs of ASCII letters) stand in `text` as whole runs of ASCII letters: the
/// matches of `(?<![A-Za-z])(?:w1|w2|...)(?![A-Za-z])`, as (start, end) in code points.
#[pyfunction]
fn find_runs<'py>(py: Python<'py>, text: &str, words: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    let words = word_set(&words)?;
    let bytes = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let ascii = text.is_ascii();
    let (mut byte, mut point) = (0usize, 0usize); // a byte offset and its code point, moving forward
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        if words.contains(&text[start..i]) {
            let at = if ascii {
                start
            } else {
                point += text[byte..start].chars().count();
                byte = start;
                point
            };
            out.push((at, at + (i - start)));
        }
    }
    PyList::new(py, out)
}

/// Where `words` (runs of ASCII letters) stand in `text` left before a comma, period or semicolon
/// (the dangling kind): the spans, in code points, of the word group of the matches of
/// `(?<=[A-Za-z,][ \t])(w1|w2|...)[ \t]?(?=[,.;](?![\w.]))` (Python's `re`), in order. The word is
/// the whole run of letters after the space, so one look-up per mark decides.
#[pyfunction]
fn stranded_words<'py>(py: Python<'py>, text: &str, words: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    let words = word_set(&words)?;
    let bytes = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let (mut byte, mut point) = (0usize, 0usize); // a byte offset and its code point, moving forward
    for (p, &b) in bytes.iter().enumerate() {
        if !matches!(b, b',' | b'.' | b';') {
            continue;
        }
        // (?![\w.]) after the mark.
        if let Some(next) = text[p + 1..].chars().next() {
            if next == '.' || is_w(py, next)? {
                continue;
            }
        }
        // Backwards over ASCII bytes only: a byte of a multi-byte character is none of them.
        let blank = |k: usize| bytes[k] == b' ' || bytes[k] == b'\t';
        let end = if p > 0 && blank(p - 1) { p - 1 } else { p };
        let mut start = end;
        while start > 0 && bytes[start - 1].is_ascii_alphabetic() {
            start -= 1;
        }
        if start < 2 || start == end || !blank(start - 1) || !(bytes[start - 2].is_ascii_alphabetic() || bytes[start - 2] == b',') {
            continue;
        }
        if words.contains(&text[start..end]) {
            point += text[byte..start].chars().count();
            byte = start;
            out.push((point, point + (end - start)));
        }
    }
    PyList::new(py, out)
}

/// Where `words` (each `[A-Za-z][a-z]+`) stand in `text` as tokens of the truncation kind: the
/// matches of `(?<![\w'’.-])(?:w1|w2|...)(?![\w'’-]|\.\w)` (Python's `re`), as (start, end) in code
/// points. A match is a whole run of ASCII letters, since every letter is `\w`.
#[pyfunction]
fn find_tokens<'py>(py: Python<'py>, text: &Bound<'py, PyString>, words: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    let words = word_set(&words)?;
    let chars = chars_of(text)?;
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut word = String::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        word.clear();
        while i < chars.len() && chars[i].is_ascii_alphabetic() {
            word.push(chars[i]);
            i += 1;
        }
        if !words.contains(&word) {
            continue;
        }
        let before = start.checked_sub(1).map(|k| chars[k]);
        if before == Some('.') || wordish_at(py, &chars, start.checked_sub(1))? || wordish_at(py, &chars, Some(i))? {
            continue;
        }
        if chars.get(i) == Some(&'.') && i + 1 < chars.len() && is_w(py, chars[i + 1])? {
            continue;
        }
        out.push((start, i));
    }
    PyList::new(py, out)
}

/// The distinct lowercase ASCII words of `text` that stand alone: what
/// `re.findall(r"(?<![\w'’-])[a-z]+(?![\w'’-])", text)` finds, as a frozenset.
#[pyfunction]
fn lowercase_words<'py>(py: Python<'py>, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyFrozenSet>> {
    let chars = chars_of(text)?;
    // The runs as slices of the text: a String is made once per distinct word, not per occurrence.
    let mut found: FxHashSet<&[char]> = FxHashSet::default();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_lowercase() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_lowercase() {
                i += 1;
            }
            // Backtracking to a shorter run leaves a letter after it, so only the whole run can match.
            if !wordish_at(py, &chars, start.checked_sub(1))? && !wordish_at(py, &chars, Some(i))? {
                found.insert(&chars[start..i]);
            }
        } else {
            i += 1;
        }
    }
    PyFrozenSet::new(py, found.iter().map(|run| run.iter().collect::<String>()))
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
fn name_runs<'py>(py: Python<'py>, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyList>> {
    let chars = chars_of(text)?;
    let mut out: Vec<(String, usize, usize)> = Vec::new();
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
                out.push((run, i, end));
                i = end;
            }
            None => i += 1,
        }
    }
    PyList::new(py, out)
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
fn find_words_nocase<'py>(py: Python<'py>, text: &Bound<'py, PyString>, words: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    let words = word_set(&words)?;
    // A run of n characters folds to n ASCII bytes: only runs as long as some word can match.
    let mut lengths = vec![false; words.iter().map(String::len).max().unwrap_or(0) + 1];
    for word in &words {
        lengths[word.len()] = true;
    }
    let chars = chars_of(text)?;
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut folded = String::new();
    let mut i = 0;
    while i < chars.len() {
        if ascii_fold(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && ascii_fold(chars[i]).is_some() {
            i += 1;
        }
        if !lengths.get(i - start).copied().unwrap_or(false) {
            continue;
        }
        folded.clear();
        folded.extend(chars[start..i].iter().filter_map(|&c| ascii_fold(c)));
        // Every character that folds to a letter is \w, so a match is a whole such run.
        if words.contains(&folded)
            && !wordish_at(py, &chars, start.checked_sub(1))?
            && !wordish_at(py, &chars, Some(i))?
        {
            out.push((start, i));
        }
    }
    PyList::new(py, out)
}

/// The lowercase words (`\w+(?:['’]\w+)*`) of `chars[start..end]` joined by single spaces into
/// `joined` (cleared first), with where each word ends in it (bytes) in `ends`: the groups a
/// paragraph is compared by are slices of it, so no string is made per word. Words are lowered by
/// Python's `str.lower`, one by one (ASCII ones here).
fn span_words(
    py: Python<'_>,
    chars: &[char],
    start: usize,
    end: usize,
    joined: &mut Vec<u8>,
    ends: &mut Vec<usize>,
) -> PyResult<()> {
    let end = end.min(chars.len());
    joined.clear();
    ends.clear();
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
        if !ends.is_empty() {
            joined.push(b' ');
        }
        let word = &chars[from..i];
        if word.iter().all(|c| c.is_ascii()) {
            joined.extend(word.iter().map(|&c| (c as u8).to_ascii_lowercase()));
        } else {
            let original: String = word.iter().collect();
            let lower = PyString::new(py, &original).call_method0("lower")?;
            joined.extend_from_slice(lower.cast::<PyString>()?.to_str()?.as_bytes());
        }
        ends.push(joined.len());
    }
    Ok(())
}

/// The groups of a paragraph's words (`span_words`): (all words, the first `anchor` words, the
/// last `anchor` words), each joined by single spaces; the last group is every word for an
/// anchor of 0, as Python's `tokens[-anchor:]`.
fn word_groups<'a>(joined: &'a [u8], ends: &[usize], anchor: usize) -> (&'a str, &'a str, &'a str) {
    // ASCII bytes and whole UTF-8 strings: valid UTF-8 (checked, at a small cost).
    let joined = std::str::from_utf8(joined).expect("words are UTF-8");
    let n = ends.len();
    let first = anchor.min(n);
    let head = if first == 0 { "" } else { &joined[..ends[first - 1]] };
    let from = if anchor == 0 { 0 } else { n.saturating_sub(anchor) };
    let tail = if from == 0 { joined } else { &joined[ends[from - 1] + 1..] };
    (joined, head, tail)
}

/// The lowercase words (`span_words`) of each paragraph span of `text`, for comparing
/// paragraphs: per span a tuple (number of words, all words, the first `anchor` words, the last
/// `anchor` words), each group joined by single spaces (no word holds a space).
#[pyfunction]
fn paragraph_words<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    spans: Vec<(usize, usize)>,
    anchor: usize,
) -> PyResult<Bound<'py, PyList>> {
    let chars = chars_of(text)?;
    let mut out: Vec<Bound<'py, PyTuple>> = Vec::with_capacity(spans.len());
    let (mut joined, mut ends): (Vec<u8>, Vec<usize>) = (Vec::new(), Vec::new());
    for (start, end) in spans {
        span_words(py, &chars, start, end, &mut joined, &mut ends)?;
        let (all, head, tail) = word_groups(&joined, &ends, anchor);
        out.push((ends.len(), all, head, tail).into_pyobject(py)?);
    }
    PyList::new(py, out)
}

/// The paragraphs of `text` (its `spans`) that repeat an earlier one (the repetition kind), in
/// order, as (start, end of its first line, index of the earlier paragraph), all in code points
/// but the index. Paragraphs of fewer than `min_words` words (`span_words`) are left out. A
/// paragraph repeats the first earlier one with the same words; failing that, the first earlier
/// one (in order) that shares its first or its last `anchor` words and whose word sequence is
/// `similarity` or more like it (difflib's ratio, `similar::similar_words`, after difflib's
/// `real_quick_ratio` bound on the word counts). Only paragraphs that repeat none are copied.
#[pyfunction]
fn repeated_paragraphs<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    spans: Vec<(usize, usize)>,
    min_words: usize,
    anchor: usize,
    similarity: f64,
) -> PyResult<Vec<(usize, usize, usize)>> {
    let chars = chars_of(text)?;
    // Per paragraph compared: its words joined, its word count, and its head and tail (byte ends
    // in the joined words), kept for the near-verbatim comparisons.
    let mut words: Vec<(String, usize)> = Vec::with_capacity(spans.len());
    let mut index_of: Vec<usize> = vec![usize::MAX; spans.len()]; // span -> its place in `words`
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    let mut heads: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    let mut tails: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    let (mut joined, mut ends): (Vec<u8>, Vec<usize>) = (Vec::new(), Vec::new());
    let mut candidates: Vec<usize> = Vec::new();
    for (i, &(start, end)) in spans.iter().enumerate() {
        span_words(py, &chars, start, end, &mut joined, &mut ends)?;
        let count = ends.len();
        if count < min_words {
            continue;
        }
        let (all, head, tail) = word_groups(&joined, &ends, anchor);
        let mut first = seen.get(all).copied();
        if first.is_none() {
            candidates.clear();
            candidates.extend(heads.get(head).into_iter().flatten());
            candidates.extend(tails.get(tail).into_iter().flatten());
            candidates.sort_unstable();
            candidates.dedup();
            first = candidates.iter().copied().find(|&j| {
                let (other, n) = (&words[index_of[j]].0, words[index_of[j]].1);
                2.0 * (n.min(count) as f64) / ((n + count) as f64) >= similarity
                    && similar::similar_words(other, all, similarity)
            });
        }
        if let Some(first) = first {
            let line_end = (start..end.min(chars.len())).find(|&k| chars[k] == '\n').unwrap_or(end);
            out.push((start, line_end, first));
            continue;
        }
        seen.insert(all.to_owned(), i);
        heads.entry(head.to_owned()).or_default().push(i);
        tails.entry(tail.to_owned()).or_default().push(i);
        index_of[i] = words.len();
        words.push((all.to_owned(), count));
    }
    Ok(out)
}

/// The strings of `words` (any iterable of `str`), in its order, that end with one of `endings`:
/// what `[w for w in words if w.endswith(tuple(endings))]` gives, with a hash look-up of a word's
/// last two bytes instead of a test per ending (a UTF-8 suffix is a code-point suffix).
#[pyfunction]
fn words_ending<'py>(py: Python<'py>, words: Bound<'py, PyAny>, endings: Vec<String>) -> PyResult<Bound<'py, PyList>> {
    let mut short: Vec<&[u8]> = Vec::new();
    let mut by_tail: FxHashMap<[u8; 2], Vec<&[u8]>> = FxHashMap::default();
    for ending in &endings {
        let e = ending.as_bytes();
        match e {
            [.., a, b] => by_tail.entry([*a, *b]).or_default().push(e),
            _ => short.push(e),
        }
    }
    let mut out: Vec<Bound<'py, PyAny>> = Vec::new();
    for word in words.try_iter()? {
        let word = word?;
        let ends = match word.cast::<PyString>()?.to_str() {
            Ok(w) => {
                let w = w.as_bytes();
                short.iter().any(|e| w.ends_with(e))
                    || matches!(w, [.., a, b] if by_tail.get(&[*a, *b]).is_some_and(|es| es.iter().any(|e| w.ends_with(e))))
            }
            // A lone surrogate has no UTF-8: Python decides.
            Err(_) => word.call_method1("endswith", (PyTuple::new(py, &endings)?,))?.extract()?,
        };
        if ends {
            out.push(word);
        }
    }
    PyList::new(py, out)
}

/// The line table of `text` (lint.source.LineIndex): the offsets (code points) where each line
/// starts and where its content ends, lines ending at CRLF, CR or LF (only LF with `lf_only`).
#[pyfunction]
fn line_table<'py>(py: Python<'py>, text: &str, lf_only: bool) -> PyResult<(Bound<'py, PyList>, Bound<'py, PyList>)> {
    let mut starts: Vec<usize> = vec![0];
    let mut ends: Vec<usize> = Vec::new();
    let mut chars = text.chars().peekable();
    let mut i = 0;
    while let Some(c) = chars.next() {
        if c == '\n' || (c == '\r' && !lf_only) {
            ends.push(i);
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
                i += 1;
            }
            starts.push(i + 1);
        }
        i += 1;
    }
    ends.push(i);
    Ok((PyList::new(py, starts)?, PyList::new(py, ends)?))
}

/// Half-open spans (code points) of the paragraphs of `text` (lint.source.paragraph_spans): the
/// pieces between matches of `\n[ \t]*\n\s*` that hold a non-space character, each ending before
/// its trailing whitespace (`str.isspace`).
#[pyfunction]
fn paragraph_spans<'py>(py: Python<'py>, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyList>> {
    let chars = chars_of(text)?;
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut piece = |from: usize, to: usize| -> PyResult<()> {
        let mut end = to;
        while end > from && is_s(py, chars[end - 1])? {
            end -= 1;
        }
        if end > from {
            out.push((from, end));
        }
        Ok(())
    };
    let mut pos = 0;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '\n' {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && (chars[j] == ' ' || chars[j] == '\t') {
            j += 1;
        }
        if j < chars.len() && chars[j] == '\n' {
            let mut k = j + 1;
            while k < chars.len() && is_s(py, chars[k])? {
                k += 1;
            }
            piece(pos, i)?;
            pos = k;
            i = k;
        } else {
            i += 1;
        }
    }
    piece(pos, chars.len())?;
    PyList::new(py, out)
}

/// Prose words (`[A-Za-z]+(?:['’][A-Za-z]+)*`) of `text`, in order (see vocabulary.rs).
pub(crate) fn prose_words(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let letter = |k: usize| k < bytes.len() && bytes[k].is_ascii_alphabetic();
    // An apostrophe at k ("'" or the three bytes of "’"): its length in bytes, or 0.
    let apostrophe = |k: usize| {
        if bytes.get(k) == Some(&b'\'') {
            1
        } else if bytes.get(k..k + 3) == Some("’".as_bytes()) {
            3
        } else {
            0
        }
    };
    let mut words: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !letter(i) {
            i += 1;
            continue;
        }
        let start = i;
        while letter(i) {
            i += 1;
        }
        loop {
            let a = apostrophe(i);
            if a == 0 || !letter(i + a) {
                break;
            }
            i += a;
            while letter(i) {
                i += 1;
            }
        }
        words.push(&text[start..i]);
    }
    words
}

/// The distinct identifiers of `text`: what
/// `(?<![A-Za-z0-9])(?:[A-Za-z0-9]++(?:[._][A-Za-z0-9]++)+|[a-z0-9]++[A-Z][A-Za-z0-9]*+)` finds
/// (letters and digits joined by '_' or '.', or with a capital after lowercase letters or digits).
#[pyfunction]
fn identifiers<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyFrozenSet>> {
    let bytes = text.as_bytes();
    let alnum = |k: usize| k < bytes.len() && bytes[k].is_ascii_alphanumeric();
    let mut found: FxHashSet<&str> = FxHashSet::default();
    let mut i = 0;
    while i < bytes.len() {
        if !alnum(i) || (i > 0 && alnum(i - 1)) {
            i += 1;
            continue;
        }
        let start = i;
        let mut run = i;
        while alnum(run) {
            run += 1;
        }
        // First alternative: the run, then one or more of '.' or '_' and a run.
        let mut end = run;
        while end < bytes.len() && (bytes[end] == b'.' || bytes[end] == b'_') && alnum(end + 1) {
            end += 1;
            while alnum(end) {
                end += 1;
            }
        }
        if end == run {
            // Second: lowercase letters or digits, a capital, then letters or digits.
            let mut k = start;
            while k < bytes.len() && (bytes[k].is_ascii_lowercase() || bytes[k].is_ascii_digit()) {
                k += 1;
            }
            end = if k > start && k < bytes.len() && bytes[k].is_ascii_uppercase() { run } else { start };
        }
        if end > start {
            found.insert(&text[start..end]);
            i = end;
        } else {
            i = run;
        }
    }
    PyFrozenSet::new(py, found.iter())
}

// Classes of the `regex` module (not `re`), which the doubled-word scan follows.
const RX_W: u8 = 1;
const RX_L: u8 = 2;
const RX_LU: u8 = 4;
const RX_LL: u8 = 8;

thread_local! {
    /// Non-ASCII character -> its RX_* classes, as the caller's `classify` answered.
    static RX_CLASSES: RefCell<FxHashMap<char, u8>> = RefCell::new(FxHashMap::default());
    /// (a, b) with a non-ASCII character -> whether `regex` matches b to a backreference `(?i:\1)` of a.
    static RX_SAME: RefCell<FxHashMap<(char, char), bool>> = RefCell::new(FxHashMap::default());
}

/// The RX_* classes of the ASCII characters.
const RX_ASCII: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        let letter = if b.is_ascii_uppercase() { RX_L | RX_LU } else if b.is_ascii_lowercase() { RX_L | RX_LL } else { 0 };
        let word = if b.is_ascii_alphanumeric() || b == b'_' { RX_W } else { 0 };
        table[c] = letter | word;
        c += 1;
    }
    table
};

/// The RX_* classes of `c`: `\w`, `\p{L}`, `\p{Lu}`, `\p{Ll}` of the `regex` module.
#[inline(always)]
fn rx_classes(classify: &Bound<'_, PyAny>, c: char) -> PyResult<u8> {
    if c.is_ascii() {
        return Ok(RX_ASCII[c as usize]);
    }
    rx_classes_asked(classify, c)
}

/// The RX_* classes of a non-ASCII `c`, asked of `classify` once per character and thread.
#[cold]
#[inline(never)]
fn rx_classes_asked(classify: &Bound<'_, PyAny>, c: char) -> PyResult<u8> {
    if let Some(known) = RX_CLASSES.with(|m| m.borrow().get(&c).copied()) {
        return Ok(known);
    }
    let answer: u8 = classify.call1((c,))?.extract()?;
    RX_CLASSES.with(|m| m.borrow_mut().insert(c, answer));
    Ok(answer)
}

/// Whether `b` matches `a` case-insensitively as the `regex` module's `(?i:\1)` does.
#[inline(always)]
fn rx_same(same: &Bound<'_, PyAny>, a: char, b: char) -> PyResult<bool> {
    if a.is_ascii() && b.is_ascii() {
        return Ok(a.eq_ignore_ascii_case(&b));
    }
    rx_same_asked(same, a, b)
}

/// `rx_same` of a pair with a non-ASCII character, asked of `same` once per pair and thread.
#[cold]
#[inline(never)]
fn rx_same_asked(same: &Bound<'_, PyAny>, a: char, b: char) -> PyResult<bool> {
    if let Some(known) = RX_SAME.with(|m| m.borrow().get(&(a, b)).copied()) {
        return Ok(known);
    }
    let answer: bool = same.call1((a, b))?.extract()?;
    RX_SAME.with(|m| m.borrow_mut().insert((a, b), answer));
    Ok(answer)
}

/// The space between the two words of a doubling, `(?:[ \t]++\n?|\n)[ \t]*+`, from `j`: its end.
fn doubling_gap(chars: &[char], j: usize) -> Option<usize> {
    let blank = |k: usize| k < chars.len() && (chars[k] == ' ' || chars[k] == '\t');
    let mut k = j;
    if blank(k) {
        while blank(k) {
            k += 1;
        }
        if k < chars.len() && chars[k] == '\n' {
            k += 1;
        }
    } else if k < chars.len() && chars[k] == '\n' {
        k += 1;
    } else {
        return None;
    }
    while blank(k) {
        k += 1;
    }
    Some(k)
}

/// The doubled words of `text` (typos.doubled-word): the matches, in order, of the `regex`-module
/// pattern (flags MULTILINE)
/// `(?|\b(\p{L}++)(?:[ \t]++\n?|\n)[ \t]*+(\1)\b|(?:^|(?<=[.!?]["”’)]*+[ \t\n]++))((\p{Lu})(\p{Ll}*+))(?:[ \t]++\n?|\n)[ \t]*+((?i:\2)\3)\b)`:
/// the same word twice, or a sentence's first word again with another case of its capital ("The
/// the"). Each as (start, end, end of the first word) in code points. `classify(c)` gives the
/// RX_* classes of a non-ASCII character, `same(a, b)` whether `regex` pairs them in `(?i:\1)`.
#[pyfunction]
fn doubled_words<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    classify: Bound<'py, PyAny>,
    same: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    let chars = chars_of(text)?;
    let n = chars.len();
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    let has = |k: usize, class: u8| -> PyResult<bool> { Ok(k < n && rx_classes(&classify, chars[k])? & class != 0) };
    let mut i = 0;
    while i < n {
        // Both branches start at a letter after a non-word character (\b; or ^ or whitespace).
        if !has(i, RX_L)? || (i > 0 && has(i - 1, RX_W)?) {
            i += 1;
            continue;
        }
        // \b(\p{L}++) gap (\1)\b
        let mut first_end = i;
        while has(first_end, RX_L)? {
            first_end += 1;
        }
        if let Some(k) = doubling_gap(&chars, first_end) {
            let len = first_end - i;
            let end = k + len;
            // The first letters first: most words are not doubled, and differ there.
            if end <= n && chars[k] == chars[i] && chars[k..end] == chars[i..first_end] && !has(end, RX_W)? {
                out.push((i, end, first_end));
                i = end;
                continue;
            }
        }
        // (?:^|(?<=[.!?]["”’)]*+[ \t\n]++)) (\p{Lu})(\p{Ll}*+) gap ((?i:\2)\3)\b
        let after_sentence = || {
            let mut j = i;
            while j > 0 && matches!(chars[j - 1], ' ' | '\t' | '\n') {
                j -= 1;
            }
            if j == i {
                return false;
            }
            while j > 0 && matches!(chars[j - 1], '"' | '”' | '’' | ')') {
                j -= 1;
            }
            j > 0 && matches!(chars[j - 1], '.' | '!' | '?')
        };
        if has(i, RX_LU)? && (i == 0 || chars[i - 1] == '\n' || after_sentence()) {
            let mut rest_end = i + 1;
            while has(rest_end, RX_LL)? {
                rest_end += 1;
            }
            if let Some(k) = doubling_gap(&chars, rest_end) {
                let end = k + (rest_end - i);
                if end <= n
                    && rx_same(&same, chars[i], chars[k])?
                    && chars[k + 1..end] == chars[i + 1..rest_end]
                    && !has(end, RX_W)?
                {
                    out.push((i, end, rest_end));
                    i = end;
                    continue;
                }
            }
        }
        i += 1;
    }
    PyList::new(py, out)
}

/// The problems of the double quotation marks (“ ” ") of each paragraph span of `text`, in order:
/// (offset of the mark in code points, problem), the problem 0 for a closing “ without an opening
/// one, 1 for a mark never closed in its paragraph, 2 for a pair opened straight and closed curly
/// (at the straight mark), 3 for one opened curly and closed straight (at the straight mark). A
/// mark left open is no problem when the next paragraph starts with “ or " (a quotation that goes
/// on over several paragraphs).
#[pyfunction]
fn quote_problems<'py>(py: Python<'py>, text: &Bound<'py, PyString>, spans: Vec<(usize, usize)>) -> PyResult<Bound<'py, PyList>> {
    const OPEN: char = '\u{201c}';
    const CLOSE: char = '\u{201d}';
    const STRAIGHT: char = '"';
    let chars = chars_of(text)?;
    let out = PyList::empty(py);
    for (i, &(start, end)) in spans.iter().enumerate() {
        let continued = spans.get(i + 1).is_some_and(|&(next, _)| matches!(chars.get(next), Some(&OPEN) | Some(&STRAIGHT)));
        let mut opened: Option<usize> = None;
        for pos in start..end.min(chars.len()) {
            let c = chars[pos];
            if c != OPEN && c != CLOSE && c != STRAIGHT {
                continue;
            }
            match opened {
                None => {
                    if c == CLOSE {
                        out.append((pos, 0))?;
                    } else {
                        opened = Some(pos);
                    }
                }
                Some(at) => {
                    let first = chars[at];
                    if c == OPEN {
                        out.append((at, 1))?;
                        opened = Some(pos);
                    } else if (first == STRAIGHT && c == STRAIGHT) || (first == OPEN && c == CLOSE) {
                        opened = None;
                    } else {
                        if first == STRAIGHT {
                            out.append((at, 2))?;
                        } else {
                            out.append((pos, 3))?;
                        }
                        opened = None;
                    }
                }
            }
        }
        if let (Some(at), false) = (opened, continued) {
            out.append((at, 1))?;
        }
    }
    Ok(out)
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(letter_runs, m)?)?;
    m.add_function(wrap_pyfunction!(cyrillic_greek_letters, m)?)?;
    m.add_function(wrap_pyfunction!(lowercase_words, m)?)?;
    m.add_function(wrap_pyfunction!(name_runs, m)?)?;
    m.add_function(wrap_pyfunction!(find_words_nocase, m)?)?;
    m.add_function(wrap_pyfunction!(paragraph_words, m)?)?;
    m.add_function(wrap_pyfunction!(repeated_paragraphs, m)?)?;
    m.add_function(wrap_pyfunction!(line_table, m)?)?;
    m.add_function(wrap_pyfunction!(paragraph_spans, m)?)?;
    m.add_function(wrap_pyfunction!(vocabulary::unknown_prose_words, m)?)?;
    m.add_function(wrap_pyfunction!(identifiers, m)?)?;
    m.add_function(wrap_pyfunction!(doubled_words, m)?)?;
    m.add_function(wrap_pyfunction!(letter_pieces, m)?)?;
    m.add_function(wrap_pyfunction!(find_runs, m)?)?;
    m.add_function(wrap_pyfunction!(find_tokens, m)?)?;
    m.add_function(wrap_pyfunction!(quote_problems, m)?)?;
    m.add_function(wrap_pyfunction!(words_ending, m)?)?;
    m.add_function(wrap_pyfunction!(stranded_words, m)?)?;
    lexicon::register(m)?;
    m.add_function(wrap_pyfunction!(markdown::markdown_prose, m)?)?;
    m.add_class::<locate::SegmentMap>()?;
    emitter::register(m)?;
    m.add_function(wrap_pyfunction!(english::word_share, m)?)?;
    m.add_function(wrap_pyfunction!(similar::similar_words, m)?)?;
    Ok(())
}
