//! The offset map of lint.source.TextSource: engine offsets in the extracted text to offsets in the
//! original file, both in code points. TextSource keeps one SegmentMap and asks it every question
//! about its segments, so that this is the only place that maps a text offset.

use pyo3::prelude::*;

/// The segments of a TextSource (verbatim runs of prose), sorted and non-overlapping.
#[pyclass(frozen, module = "lint._core")]
pub struct SegmentMap {
    text_starts: Vec<i64>,
    orig_starts: Vec<i64>,
    lengths: Vec<i64>,
}

impl SegmentMap {
    /// Index of the last segment starting at or before text `offset` (-1 if none).
    fn index(&self, offset: i64) -> isize {
        self.text_starts.partition_point(|&s| s <= offset) as isize - 1
    }

    fn text_end(&self, i: usize) -> i64 {
        self.text_starts[i] + self.lengths[i]
    }

    /// The original offset of a span's start: inside a segment, its own; in synthetic text, the
    /// start of the next segment.
    fn start_of(&self, start: i64) -> i64 {
        let i = self.index(start);
        if i >= 0 && start < self.text_end(i as usize) {
            let i = i as usize;
            self.orig_starts[i] + start - self.text_starts[i]
        } else {
            self.orig_starts[((i + 1) as usize).min(self.text_starts.len() - 1)]
        }
    }
}

#[pymethods]
impl SegmentMap {
    /// `segments`: (text_start, orig_start, length) of each segment, in order.
    #[new]
    fn new(segments: Vec<(i64, i64, i64)>) -> Self {
        let mut map = SegmentMap { text_starts: Vec::new(), orig_starts: Vec::new(), lengths: Vec::new() };
        for (t, o, n) in segments {
            map.text_starts.push(t);
            map.orig_starts.push(o);
            map.lengths.push(n);
        }
        map
    }

    /// Pickled as the segments it was made from (a TextSource travels between processes).
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, pyo3::types::PyType>, (Vec<(i64, i64, i64)>,)) {
        let map = slf.get();
        let segments = (0..map.text_starts.len()).map(|i| (map.text_starts[i], map.orig_starts[i], map.lengths[i])).collect();
        (slf.get_type(), (segments,))
    }

    /// The half-open original span of a half-open text span (see TextSource.to_original).
    fn to_original(&self, start: i64, end: i64) -> (i64, i64) {
        if self.text_starts.is_empty() {
            return (0, 0);
        }
        let ostart = self.start_of(start);
        if end <= start {
            return (ostart, ostart);
        }
        let j = self.index(end - 1);
        let oend = if j >= 0 && end - 1 < self.text_end(j as usize) {
            let j = j as usize;
            self.orig_starts[j] + end - self.text_starts[j]
        } else {
            let k = j.max(0) as usize;
            self.orig_starts[k] + self.lengths[k]
        };
        (ostart, oend.max(ostart))
    }

    /// The original offsets of the starts of text spans (``to_original(start, end)[0]`` of each).
    fn original_starts(&self, starts: Vec<i64>) -> Vec<i64> {
        if self.text_starts.is_empty() {
            return vec![0; starts.len()];
        }
        starts.into_iter().map(|s| self.start_of(s)).collect()
    }

    /// The pieces of `original` that no segment covers, in order, joined by newlines.
    fn outside(&self, original: &str) -> String {
        let chars: Vec<char> = original.chars().collect();
        let total = chars.len() as i64;
        let mut out = String::new();
        let mut first = true;
        let mut piece = |from: i64, to: i64, out: &mut String| {
            if !first {
                out.push('\n');
            }
            first = false;
            out.extend(&chars[from.clamp(0, total) as usize..to.clamp(0, total) as usize]);
        };
        let mut pos = 0;
        for i in 0..self.orig_starts.len() {
            if self.orig_starts[i] > pos {
                piece(pos, self.orig_starts[i], &mut out);
            }
            pos = pos.max(self.orig_starts[i] + self.lengths[i]);
        }
        if pos < total {
            piece(pos, total, &mut out);
        }
        out
    }

    /// True when the text span lies inside one segment (see TextSource.is_contiguous).
    fn is_contiguous(&self, start: i64, end: i64) -> bool {
        let i = self.index(start);
        i >= 0 && end <= self.text_end(i as usize)
    }

    /// Every half-open text span of a file at once (see TextSource.locate_all), so that a file
    /// with thousands of findings makes one call, not several per finding: per span, its
    /// original (start, end, line, column, end line, end column) and whether it lies inside one
    /// segment. `line_starts`: the original offset where each line starts (lint.source.LineIndex),
    /// the first 0; lines and columns are 1-based, columns count code points.
    fn locate_all(&self, spans: Vec<(i64, i64)>, line_starts: Vec<i64>) -> Vec<((i64, i64, i64, i64, i64, i64), bool)> {
        let position = |offset: i64| {
            let line = line_starts.partition_point(|&s| s <= offset).max(1) - 1;
            (line as i64 + 1, offset - line_starts[line] + 1)
        };
        spans
            .into_iter()
            .map(|(start, end)| {
                let (ostart, oend) = self.to_original(start, end);
                let ((line, column), (end_line, end_column)) = (position(ostart), position(oend));
                ((ostart, oend, line, column, end_line, end_column), self.is_contiguous(start, end))
            })
            .collect()
    }
}
