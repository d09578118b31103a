//! The lexicon's word table (`lint.lexicon`), as one flat byte layout that a run reads from the
//! user cache and checks in a few milliseconds, instead of building Python sets of 300,000 words.
//!
//! Layout (integers little-endian), written by `lexicon_bytes` and read by `WordTable.read`:
//!
//! ```text
//! MAGIC, then u64: n (words), blob length, slots (a power of two), longest
//! n + 1 u32   offsets of the words in the blob (the last one: its length)
//! n u16       Zipf values times 100 (wordfreq's values have two decimals)
//! n u8        flags: CURATED, KNOWN, LISTED
//! slots u32   open-addressing hash table of word indices (EMPTY: none)
//! blob        the words in UTF-8, sorted by code point, distinct
//! u64         checksum of everything before it
//! ```
//!
//! A file that is cut short, damaged or of another layout is refused (`read` gives None), and the
//! caller rebuilds it; every access is bounds-checked besides.

use std::fs::File;
use std::io::Read;
use std::sync::Arc;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyFrozenSet, PySet, PyString};

const MAGIC: &[u8] = b"typolint-lexicon-6\n";
/// A word of the curated list (the only words offered as corrections).
const CURATED: u8 = 1;
/// A word `Lexicon.is_word` accepts: curated, or common in wordfreq.
const KNOWN: u8 = 2;
/// A word of wordfreq's table (with a Zipf value).
const LISTED: u8 = 4;
const EMPTY: u32 = u32::MAX;
const HEADER: usize = MAGIC.len() + 4 * 8;

struct Table {
    data: Vec<u8>,
    n: usize,
    offsets: usize,
    zipfs: usize,
    flags: usize,
    slots: usize,
    mask: usize,
    blob: usize,
    longest: usize,
}

fn hash(word: &[u8]) -> u64 {
    // FNV-1a: words are short.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn checksum(data: &[u8]) -> u64 {
    let mut h: u64 = data.len() as u64;
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let v = u64::from_le_bytes(chunk.try_into().unwrap());
        h = (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ b as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h
}

fn u64_at(data: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(data.get(at..at + 8)?.try_into().ok()?))
}

impl Table {
    /// The table in `data`, or None unless it is whole and well formed.
    fn parse(data: Vec<u8>) -> Option<Table> {
        if !data.starts_with(MAGIC) || data.len() < HEADER + 8 {
            return None;
        }
        let body = data.len() - 8;
        if checksum(&data[..body]) != u64_at(&data, body)? {
            return None;
        }
        let field = |k: usize| u64_at(&data, MAGIC.len() + 8 * k).and_then(|v| usize::try_from(v).ok());
        let (n, blob_len, slots, longest) = (field(0)?, field(1)?, field(2)?, field(3)?);
        if !slots.is_power_of_two() || slots <= n {
            return None;
        }
        let offsets = HEADER;
        let zipfs = offsets.checked_add(n.checked_add(1)?.checked_mul(4)?)?;
        let flags = zipfs.checked_add(n.checked_mul(2)?)?;
        let table = flags.checked_add(n)?;
        let blob = table.checked_add(slots.checked_mul(4)?)?;
        if blob.checked_add(blob_len)? != body {
            return None;
        }
        let t = Table { data, n, offsets, zipfs, flags, slots: table, mask: slots - 1, blob, longest };
        let mut previous = 0;
        for i in 0..=n {
            let at = t.offset(i)?;
            if at < previous || at > blob_len || (i == 0 && at != 0) || (i == n && at != blob_len) {
                return None;
            }
            previous = at;
        }
        Some(t)
    }

    fn offset(&self, i: usize) -> Option<usize> {
        let at = self.offsets + 4 * i;
        Some(u32::from_le_bytes(self.data.get(at..at + 4)?.try_into().ok()?) as usize)
    }

    fn word(&self, i: usize) -> &[u8] {
        match (self.offset(i), self.offset(i + 1)) {
            (Some(a), Some(b)) => self.data.get(self.blob + a..self.blob + b).unwrap_or(b""),
            _ => b"",
        }
    }

    fn flags_of(&self, i: usize) -> u8 {
        self.data.get(self.flags + i).copied().unwrap_or(0)
    }

    fn find(&self, word: &[u8]) -> Option<usize> {
        let mut slot = hash(word) as usize & self.mask;
        for _ in 0..=self.mask {
            let at = self.slots + 4 * slot;
            let i = u32::from_le_bytes(self.data.get(at..at + 4)?.try_into().ok()?);
            if i == EMPTY || i as usize >= self.n {
                return None;
            }
            if self.word(i as usize) == word {
                return Some(i as usize);
            }
            slot = (slot + 1) & self.mask;
        }
        None
    }

    fn has(&self, word: &str, flag: u8) -> bool {
        self.find(word.as_bytes()).is_some_and(|i| self.flags_of(i) & flag != 0)
    }

    fn zipf(&self, word: &str) -> f64 {
        self.find(word.as_bytes()).map_or(0.0, |i| self.zipf_at(i))
    }

    /// The Zipf value of word `i` (0.0 for a word wordfreq does not list).
    fn zipf_at(&self, i: usize) -> f64 {
        if self.flags_of(i) & LISTED == 0 {
            return 0.0;
        }
        let at = self.zipfs + 2 * i;
        self.data.get(at..at + 2).map_or(0.0, |b| u16::from_le_bytes([b[0], b[1]]) as f64 / 100.0)
    }

    /// The first index whose word is not below `word` (byte order is code-point order).
    fn lower_bound(&self, word: &[u8]) -> usize {
        let (mut lo, mut hi) = (0, self.n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.word(mid) < word {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

/// The lexicon's words with their Zipf values and flags (see the module's documentation).
#[pyclass(frozen, module = "lint._core")]
pub struct WordTable {
    t: Arc<Table>,
}

/// The words `Lexicon.is_word` accepts, as a set: `word in known`, and `words - known` for a set
/// or frozenset of words (the words it lacks, as the same type); iterable, in order.
#[pyclass(frozen, module = "lint._core")]
pub struct KnownWords {
    t: Arc<Table>,
}

#[pymethods]
impl WordTable {
    /// The table in the open file `fd` (read from its current position; not closed), or None
    /// when the file is not a whole, sound table of this layout.
    #[staticmethod]
    fn read(py: Python<'_>, fd: i32) -> Option<WordTable> {
        py.detach(|| {
            let data = read_fd(fd)?;
            Table::parse(data).map(|t| WordTable { t: Arc::new(t) })
        })
    }

    /// The table held in ``data`` (what ``lexicon_bytes`` made), or None.
    #[staticmethod]
    fn from_bytes(data: &[u8]) -> Option<WordTable> {
        Table::parse(data.to_vec()).map(|t| WordTable { t: Arc::new(t) })
    }

    /// The length in code points of the longest curated word.
    #[getter]
    fn longest(&self) -> usize {
        self.t.longest
    }

    /// wordfreq's Zipf value of ``word`` (exact: lowercase), 0.0 when it has none.
    fn zipf(&self, word: &str) -> f64 {
        self.t.zipf(word)
    }

    fn is_known(&self, word: &str) -> bool {
        self.t.has(word, KNOWN)
    }

    fn is_curated(&self, word: &str) -> bool {
        self.t.has(word, CURATED)
    }

    /// ``(zipf, word)`` for each curated word among ``words`` (an iterable of lowercase str;
    /// anything else is skipped), in their order: one call instead of one per word.
    fn curated_zipfs<'py>(&self, words: &Bound<'py, PyAny>) -> PyResult<Vec<(f64, Bound<'py, PyString>)>> {
        let t = &self.t;
        let mut found = Vec::new();
        for item in words.try_iter()? {
            let item = item?;
            let Ok(word) = item.cast_into::<PyString>() else { continue };
            let Ok(text) = word.to_str() else { continue };
            if let Some(i) = t.find(text.as_bytes()) {
                if t.flags_of(i) & CURATED != 0 {
                    found.push((t.zipf_at(i), word));
                }
            }
        }
        Ok(found)
    }

    /// Curated words that extend ``prefix`` by 1 to ``max_extra`` code points, in order.
    fn completions(&self, prefix: &str, max_extra: usize) -> Vec<String> {
        let t = &self.t;
        let want = prefix.chars().count();
        let mut found = Vec::new();
        for i in t.lower_bound(prefix.as_bytes())..t.n {
            let word = t.word(i);
            if !word.starts_with(prefix.as_bytes()) {
                break;
            }
            if word.len() == prefix.len() || t.flags_of(i) & CURATED == 0 {
                continue;
            }
            if let Ok(w) = std::str::from_utf8(word) {
                if w.chars().count() - want <= max_extra {
                    found.push(w.to_string());
                }
            }
        }
        found
    }

    /// wordfreq's words (those with a Zipf value), in order.
    fn words(&self) -> Vec<String> {
        self.listed(LISTED)
    }

    /// The curated words, in order.
    fn curated(&self) -> Vec<String> {
        self.listed(CURATED)
    }

    fn known(&self) -> KnownWords {
        KnownWords { t: Arc::clone(&self.t) }
    }
}

impl WordTable {
    fn listed(&self, flag: u8) -> Vec<String> {
        let t = &self.t;
        (0..t.n)
            .filter(|&i| t.flags_of(i) & flag != 0)
            .filter_map(|i| std::str::from_utf8(t.word(i)).ok().map(str::to_string))
            .collect()
    }
}

impl KnownWords {
    /// True when `word` (exact: lowercase) is one of the words.
    pub(crate) fn has(&self, word: &str) -> bool {
        self.t.has(word, KNOWN)
    }
}

#[pymethods]
impl KnownWords {
    /// The words, in order (for tests and tools; a run only asks about words).
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let words = WordTable { t: Arc::clone(&self.t) }.listed(KNOWN);
        pyo3::types::PyList::new(py, words)?.try_iter().map(Bound::into_any)
    }

    fn __len__(&self) -> usize {
        (0..self.t.n).filter(|&i| self.t.flags_of(i) & KNOWN != 0).count()
    }

    fn __contains__(&self, word: &Bound<'_, PyAny>) -> bool {
        match word.cast::<PyString>() {
            Ok(s) => s.to_str().is_ok_and(|w| self.t.has(w, KNOWN)),
            Err(_) => false,
        }
    }

    fn __rsub__<'py>(&self, other: &Bound<'py, PyAny>) -> PyResult<Py<PyAny>> {
        let py = other.py();
        let keep = |item: &Bound<'py, PyAny>| !self.__contains__(item);
        if let Ok(set) = other.cast::<PySet>() {
            let out = PySet::empty(py)?;
            for item in set.iter().filter(keep) {
                out.add(item)?;
            }
            return Ok(out.into_any().unbind());
        }
        if let Ok(set) = other.cast::<PyFrozenSet>() {
            let items: Vec<Bound<'py, PyAny>> = set.iter().filter(keep).collect();
            return Ok(PyFrozenSet::new(py, &items)?.into_any().unbind());
        }
        Ok(py.NotImplemented())
    }
}

#[cfg(unix)]
fn read_fd(fd: i32) -> Option<Vec<u8>> {
    use std::mem::ManuallyDrop;
    use std::os::unix::io::FromRawFd;

    // SAFETY: the caller owns `fd` and keeps it open; ManuallyDrop leaves it open.
    let mut file = ManuallyDrop::new(unsafe { File::from_raw_fd(fd) });
    let mut data = Vec::with_capacity(file.metadata().ok()?.len() as usize);
    file.read_to_end(&mut data).ok()?;
    Some(data)
}

#[cfg(not(unix))]
fn read_fd(_fd: i32) -> Option<Vec<u8>> {
    None
}

/// The bytes of a table of ``words`` (sorted by code point, distinct), with their Zipf values
/// times 100 (``zipfs``), their flags and the length of the longest curated word.
#[pyfunction]
fn lexicon_bytes<'py>(
    py: Python<'py>,
    words: Vec<String>,
    zipfs: Vec<u16>,
    flags: Vec<u8>,
    longest: u64,
) -> PyResult<Bound<'py, PyBytes>> {
    let n = words.len();
    if zipfs.len() != n || flags.len() != n || words.windows(2).any(|w| w[0] >= w[1]) {
        return Err(PyValueError::new_err("words must be sorted and distinct, one Zipf value and flag each"));
    }
    let blob_len: usize = words.iter().map(String::len).sum();
    if blob_len > u32::MAX as usize || n >= EMPTY as usize / 2 {
        return Err(PyValueError::new_err("too many words for the table"));
    }
    let slots = (n + n / 2 + 1).next_power_of_two(); // at most two thirds full
    let mut table = vec![EMPTY; slots];
    for (i, word) in words.iter().enumerate() {
        let mut slot = hash(word.as_bytes()) as usize & (slots - 1);
        while table[slot] != EMPTY {
            slot = (slot + 1) & (slots - 1);
        }
        table[slot] = i as u32;
    }
    let mut out = Vec::with_capacity(HEADER + 7 * n + 4 * slots + blob_len + 12);
    out.extend_from_slice(MAGIC);
    for v in [n as u64, blob_len as u64, slots as u64, longest] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let mut at: u32 = 0;
    out.extend_from_slice(&at.to_le_bytes());
    for word in &words {
        at += word.len() as u32;
        out.extend_from_slice(&at.to_le_bytes());
    }
    zipfs.iter().for_each(|z| out.extend_from_slice(&z.to_le_bytes()));
    out.extend_from_slice(&flags);
    table.iter().for_each(|i| out.extend_from_slice(&i.to_le_bytes()));
    words.iter().for_each(|w| out.extend_from_slice(w.as_bytes()));
    let sum = checksum(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    Ok(PyBytes::new(py, &out))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<WordTable>()?;
    m.add_class::<KnownWords>()?;
    m.add_function(wrap_pyfunction!(lexicon_bytes, m)?)
}
