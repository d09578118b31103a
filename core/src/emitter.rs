//! The builder of a TextSource and the prose emitter every extractor drives (lint.source.SourceBuilder
//! and lint.extract.common.Emitter are these classes): the extracted text, its segments (verbatim
//! copies of the original), the comments and the fixed spans, all at code-point offsets.
//!
//! The Markdown walk (src/markdown.rs) drives an Emitter directly; the other extractors call it from
//! Python. Bare URLs and e-mail addresses are found by lint.extract.common.url_spans (Python's `re`),
//! asked only of a span that holds '://', 'www.' or '@', as every match holds one of them.

use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

/// What a TextSource is made of; SourceBuilder and Emitter each own one.
struct Builder {
    original: Py<PyString>,
    /// The original, as code points.
    chars: Vec<char>,
    fmt: String,
    text: String,
    /// Length of `text` in code points.
    tpos: usize,
    /// (text_start, orig_start, length) of each segment so far.
    segments: Vec<(usize, usize, usize)>,
    /// Where the last segment ends in the text and in the original (None: no segment yet).
    last_end: Option<(usize, usize)>,
    /// Lengths (code points) of the last three parts added, the oldest first: `ends_with` asks of
    /// them, as the text they make up is all it looks at.
    recent: [usize; 3],
    comments: Vec<(usize, usize)>,
    fixed: Vec<(usize, usize)>,
    fixed_length: Vec<(usize, usize)>,
}

impl Builder {
    fn new(original: &Bound<'_, PyString>, fmt: String) -> PyResult<Self> {
        Ok(Builder {
            original: original.clone().unbind(),
            chars: original.to_str()?.chars().collect(),
            fmt,
            text: String::new(),
            tpos: 0,
            segments: Vec::new(),
            last_end: None,
            recent: [0; 3],
            comments: Vec::new(),
            fixed: Vec::new(),
            fixed_length: Vec::new(),
        })
    }

    fn part(&mut self, length: usize) {
        self.recent = [self.recent[1], self.recent[2], length];
    }

    /// Copy `original[start:end]` verbatim into the prose (as a Python slice: clamped to the end).
    fn prose(&mut self, start: usize, end: usize) {
        if end <= start {
            return;
        }
        let length = end - start;
        let tpos = self.tpos;
        match (self.segments.last_mut(), self.last_end) {
            (Some(last), Some((t, o))) if t == tpos && o == start => last.2 += length,
            _ => self.segments.push((tpos, start, length)),
        }
        let copied = &self.chars[start.min(self.chars.len())..end.min(self.chars.len())];
        self.text.extend(copied.iter());
        self.part(copied.len());
        self.tpos = tpos + length;
        self.last_end = Some((self.tpos, end));
    }

    /// Add text that is not in the original (a normalised newline, a block separator).
    fn synthetic(&mut self, text: &str) {
        let length = text.chars().count();
        self.text.push_str(text);
        self.part(length);
        self.tpos += length;
    }

    /// True when the last three parts, joined, end with `suffix`.
    fn ends_with(&self, suffix: &str) -> bool {
        let length = suffix.chars().count();
        length <= self.recent.iter().sum::<usize>() && self.text.ends_with(suffix)
    }

    fn spans_since(&self, since: usize) -> Vec<(usize, usize)> {
        self.segments.iter().skip(since).map(|&(_, o, n)| (o, o + n)).collect()
    }

    /// The prose added since segment `since` may not grow (TextSource.fixed_width: a reST title).
    fn fix_width(&mut self, since: usize) {
        let spans = self.spans_since(since);
        self.fixed.extend(spans)
    }

    /// The prose added since segment `since` must keep its length (TextSource.fixed_length: a
    /// reST table cell).
    fn fix_length(&mut self, since: usize) {
        let spans = self.spans_since(since);
        self.fixed_length.extend(spans)
    }

    /// The TextSource (lint.source.TextSource) of what was added.
    fn build<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let source = py.import("lint.source")?;
        let segment = source.getattr("Segment")?;
        let new = py.get_type::<PyTuple>().getattr("__new__")?;
        let mut segments = Vec::with_capacity(self.segments.len());
        for &(t, o, n) in &self.segments {
            segments.push(new.call1((&segment, (t, o, n)))?);
        }
        let pairs = |spans: &Vec<(usize, usize)>| PyTuple::new(py, spans.iter().copied());
        source.getattr("TextSource")?.call1((
            self.original.clone_ref(py),
            PyString::new(py, &self.text),
            PyTuple::new(py, segments)?,
            self.fmt.as_str(),
            pairs(&self.comments)?,
            pairs(&self.fixed)?,
            pairs(&self.fixed_length)?,
        ))
    }
}

/// Builds a TextSource piece by piece, so that its offset map is always right (lint.source.SourceBuilder).
#[pyclass(module = "lint._core")]
pub struct SourceBuilder {
    b: Builder,
}

#[pymethods]
impl SourceBuilder {
    #[new]
    fn new(original: &Bound<'_, PyString>, fmt: String) -> PyResult<Self> {
        Ok(SourceBuilder { b: Builder::new(original, fmt)? })
    }

    #[getter]
    fn original(&self, py: Python<'_>) -> Py<PyString> {
        self.b.original.clone_ref(py)
    }

    #[getter]
    fn fmt(&self) -> &str {
        &self.b.fmt
    }

    /// Copy `original[orig_start:orig_end]` (code points) verbatim into the prose.
    fn prose(&mut self, orig_start: usize, orig_end: usize) {
        self.b.prose(orig_start, orig_end)
    }

    /// Add text that is not in the original (a normalised newline, a block separator).
    fn synthetic(&mut self, text: &str) {
        self.b.synthetic(text)
    }

    fn ends_with(&self, suffix: &str) -> bool {
        self.b.ends_with(suffix)
    }

    /// Record a comment of the markup (an original span), where suppressions may be written.
    fn comment(&mut self, orig_start: usize, orig_end: usize) {
        self.b.comments.push((orig_start, orig_end))
    }

    #[getter]
    fn segment_count(&self) -> usize {
        self.b.segments.len()
    }

    fn fixed_width(&mut self, since: usize) {
        self.b.fix_width(since)
    }

    fn fixed_length(&mut self, since: usize) {
        self.b.fix_length(since)
    }

    fn build<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.b.build(py)
    }
}

/// The prose emitter (lint.extract.common.Emitter subclasses it): block breaks, placeholders for
/// masked code and URLs, newline normalisation, over a builder.
#[pyclass(subclass, module = "lint._core")]
pub struct Emitter {
    b: Builder,
    separator: String,
    count: usize,
    empty: bool,
    brk: bool,
    gap: bool,
    /// Where each '://', 'www.' and '@' of the original starts and ends (found on first use).
    hints: Option<(Vec<usize>, Vec<usize>)>,
    /// Mask emoji shortcodes (Markdown).
    shortcodes: bool,
}

/// Where each occurrence of '://', 'www.' or '@' starts and ends, scanning as `re.finditer` does
/// (occurrences never overlap).
fn hints(chars: &[char]) -> (Vec<usize>, Vec<usize>) {
    let (mut starts, mut ends) = (Vec::new(), Vec::new());
    let at = |i: usize, s: &str| s.chars().enumerate().all(|(k, c)| chars.get(i + k) == Some(&c));
    let mut i = 0;
    while i < chars.len() {
        let n = if at(i, "://") {
            3
        } else if at(i, "www.") {
            4
        } else if chars[i] == '@' {
            1
        } else {
            0
        };
        if n > 0 {
            starts.push(i);
            ends.push(i + n);
            i += n;
        } else {
            i += 1;
        }
    }
    (starts, ends)
}

impl Emitter {
    fn begin(&mut self) {
        if self.brk && !self.empty {
            let separator = std::mem::take(&mut self.separator);
            self.b.synthetic(&separator);
            self.separator = separator;
        }
        self.brk = false;
        self.empty = false;
        self.gap = false;
    }

    /// False when `original[start:end]` holds none of '://', 'www.' and '@', so no URL can match:
    /// since the occurrences never overlap, the first one that starts in the span is inside it if any is.
    fn may_hold_url(&mut self, start: usize, end: usize) -> bool {
        let (starts, ends) = self.hints.get_or_insert_with(|| hints(&self.b.chars));
        let i = starts.partition_point(|&s| s < start);
        i < starts.len() && ends[i] <= end
    }

    pub fn block_(&mut self) {
        self.brk = true;
    }

    pub fn gap_(&mut self) {
        self.gap = self.b.ends_with(" ");
    }

    pub fn comment_(&mut self, start: usize, end: usize) {
        self.b.comments.push((start, end))
    }

    pub fn prose_(&mut self, py: Python<'_>, mut start: usize, end: usize) -> PyResult<()> {
        if self.gap && self.b.chars.get(start) == Some(&' ') {
            start += 1;
        }
        if end <= start {
            return Ok(());
        }
        self.begin();
        if !self.may_hold_url(start, end) {
            return self.verbatim(py, start, end);
        }
        let found = py
            .import("lint.extract.common")?
            .getattr("url_spans")?
            .call1((self.b.original.clone_ref(py), start, end))?;
        let mut pos = start;
        for span in found.cast::<PyList>()?.iter() {
            let (mstart, stop): (usize, usize) = span.extract()?;
            self.verbatim(py, pos, mstart)?;
            self.placeholder_();
            pos = stop;
        }
        self.verbatim(py, pos, end)
    }

    /// True when the original's character at `at` is a word character (Python's `\w`) or ':'.
    fn word_or_colon(&self, py: Python<'_>, at: usize) -> PyResult<bool> {
        Ok(match self.b.chars.get(at) {
            None => false,
            Some(&c) if c.is_ascii() => c == ':' || c == '_' || c.is_ascii_alphanumeric(),
            Some(&c) => crate::classes(py, c)? & crate::ALNUM != 0,
        })
    }

    /// Copy `original[start:end]` into the prose; in Markdown, an emoji shortcode in it (':tada:',
    /// ':white_check_mark:', which GitHub renders as an emoji) becomes a placeholder: what
    /// `(?<![\w:]):[a-z0-9_+-]+:(?![\w:])` finds in the original from `start` on, up to `end`.
    fn verbatim(&mut self, py: Python<'_>, start: usize, end: usize) -> PyResult<()> {
        let stop = end.min(self.b.chars.len());
        let (mut pos, mut i) = (start, start);
        while self.shortcodes && i < stop {
            let chars = &self.b.chars;
            if chars[i] == ':' && (i == 0 || !self.word_or_colon(py, i - 1)?) {
                let mut j = i + 1;
                while j < stop && matches!(chars[j], 'a'..='z' | '0'..='9' | '_' | '+' | '-') {
                    j += 1;
                }
                if j > i + 1 && j < stop && chars[j] == ':' && !self.word_or_colon(py, j + 1)? {
                    self.b.prose(pos, i);
                    self.placeholder_();
                    pos = j + 1;
                    i = j + 1;
                    continue;
                }
            }
            i += 1;
        }
        self.b.prose(pos, end);
        Ok(())
    }

    pub fn newline_(&mut self, start: usize, end: usize) {
        if self.empty || self.brk || self.b.ends_with("\n") {
            return;
        }
        self.begin();
        if end.min(self.b.chars.len()) == start + 1 && self.b.chars[start] == '\n' {
            self.b.prose(start, end);
        } else {
            self.b.synthetic("\n");
        }
    }

    pub fn placeholder_(&mut self) {
        self.begin();
        let text = format!("CODE{}", self.count);
        self.b.synthetic(&text);
        self.count += 1;
    }

    pub fn synthetic_(&mut self, text: &str) {
        self.begin();
        self.b.synthetic(text);
    }

    pub fn original_chars(&self) -> &[char] {
        &self.b.chars
    }
}

#[pymethods]
impl Emitter {
    /// Masked inline code, math and URLs become ``CODE<n>``: a neutral word, distinct each time, so
    /// 'the `x` the' is not a doubled word and masked code keeps its role in the sentence.
    #[classattr]
    const PLACEHOLDER: &'static str = "CODE{}";

    /// `separator` goes between blocks (headings, items, cells, paragraphs).
    #[new]
    #[pyo3(signature = (original, fmt, separator = "\n\n"))]
    fn new(original: &Bound<'_, PyString>, fmt: String, separator: &str) -> PyResult<Self> {
        let fmt_is_markdown = fmt == "markdown";
        Ok(Emitter {
            b: Builder::new(original, fmt)?,
            separator: separator.to_string(),
            count: 0,
            empty: true,
            brk: false,
            gap: false,
            hints: None,
            shortcodes: fmt_is_markdown,
        })
    }

    #[getter]
    fn original(&self, py: Python<'_>) -> Py<PyString> {
        self.b.original.clone_ref(py)
    }

    /// Start a new block: the next prose is separated from the previous one by the separator.
    fn block(&mut self) {
        self.block_()
    }

    /// Something between two spaces was dropped (a comment): the next prose drops one space.
    fn gap(&mut self) {
        self.gap_()
    }

    /// Copy `original[start:end]` verbatim, masking bare URLs and e-mail addresses.
    fn prose(&mut self, py: Python<'_>, start: usize, end: usize) -> PyResult<()> {
        self.prose_(py, start, end)
    }

    /// A line break inside a block: copy the LF at `original[start:end]` verbatim; write a CRLF or
    /// CR (or a break with no span) as a synthetic LF. Breaks at the start of a block or right after
    /// another break are dropped: a line that held only markup must not turn into a paragraph break.
    #[pyo3(signature = (start = 0, end = 0))]
    fn newline(&mut self, start: usize, end: usize) {
        self.newline_(start, end)
    }

    /// Stand in for masked inline code, math or a URL.
    fn placeholder(&mut self) {
        self.placeholder_()
    }

    fn synthetic(&mut self, text: &str) {
        self.synthetic_(text)
    }

    fn comment(&mut self, start: usize, end: usize) {
        self.comment_(start, end)
    }

    #[getter]
    fn segment_count(&self) -> usize {
        self.b.segments.len()
    }

    fn fixed_width(&mut self, since: usize) {
        self.b.fix_width(since)
    }

    fn fixed_length(&mut self, since: usize) {
        self.b.fix_length(since)
    }

    fn build<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.b.build(py)
    }
}

/// Add SourceBuilder and Emitter to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<SourceBuilder>()?;
    m.add_class::<Emitter>()
}
