//! The walk of a Markdown document's tree (lint.extract.markdown_rs): markdown-it.rs parses it and
//! this module drives the document's Emitter (src/emitter.rs) in document order, at code-point
//! offsets of the original, so that no node crosses into Python.
//!
//! The parser is set up as markdown-it-pyrs 0.4 sets up `MarkdownIt("commonmark")` with "table",
//! "strikethrough" and "footnote" enabled, from the same crates at the same versions.

use markdown_it::parser::inline::{Text, TextSpecial};
use markdown_it::plugins::cmark::block::{code::CodeBlock, fence::CodeFence, hr::ThematicBreak, reference::Definition};
use markdown_it::plugins::cmark::inline::{
    autolink::Autolink, backticks::CodeInline, emphasis::Em, emphasis::Strong, image::Image, link::Link,
    newline::Hardbreak, newline::Softbreak,
};
use markdown_it::plugins::extra::strikethrough::Strikethrough;
use markdown_it::plugins::html::{html_block::HtmlBlock, html_inline::HtmlInline};
use markdown_it::{MarkdownIt, Node};
use markdown_it_footnote::{back_refs::FootnoteRefAnchor, inline::InlineFootnote, references::FootnoteReference};
use pyo3::prelude::*;

use crate::emitter::Emitter;

thread_local! {
    static PARSER: MarkdownIt = {
        let mut md = MarkdownIt::new();
        markdown_it::plugins::cmark::add(&mut md);
        markdown_it::plugins::html::add(&mut md);
        markdown_it::plugins::extra::tables::add(&mut md);
        markdown_it::plugins::extra::strikethrough::add(&mut md);
        markdown_it_footnote::add(&mut md);
        md
    };
}

/// Why the walk stopped: the document needs markdown-it-py (Unsupported), or Python raised.
enum Stop {
    Unsupported(String),
    Raised(PyErr),
}

#[allow(non_snake_case)]
fn Unsupported(why: String) -> Stop {
    Stop::Unsupported(why)
}

impl From<PyErr> for Stop {
    fn from(e: PyErr) -> Self {
        Stop::Raised(e)
    }
}

struct Walker<'py> {
    /// The original text, as code points.
    original: Vec<char>,
    /// Code-point offset of every byte offset of the parsed text (a byte inside a character maps
    /// to that character's start), and of its end.
    chars_at: Vec<usize>,
    /// Where each line of the original starts and where its content ends (LF, CRLF, CR).
    starts: Vec<usize>,
    ends: Vec<usize>,
    /// The emitter the prose goes to.
    out: Bound<'py, Emitter>,
    /// lint.extract.common.is_label_link, asked of every link and image.
    is_label_link: Bound<'py, PyAny>,
    /// lint.extract.html.extract_html_span, called with the emitter for each HTML block.
    html_span: Bound<'py, PyAny>,
}

/// The parse of ``parsed``, or None when the parser panics; the panic's message is not printed
/// (the GIL is held, so no other call into the core runs while the silent hook is set).
fn parse_quietly(parsed: &str) -> Option<markdown_it::Node> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let tree = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| PARSER.with(|md| md.parse(parsed))));
    std::panic::set_hook(previous);
    tree.ok()
}

/// Emit the prose of the Markdown text `parsed` (the original with its front matter blanked) on
/// `out`, an Emitter of the original; return None, or the reason the document needs markdown-it-py
/// (the emission then stops where the walk did). `is_label_link` tells a link's or image's source
/// that is a shortcut or collapsed reference; `html_span(out, start, end)` emits an HTML block.
#[pyfunction]
pub fn markdown_prose<'py>(
    parsed: &str, out: Bound<'py, Emitter>, is_label_link: Bound<'py, PyAny>, html_span: Bound<'py, PyAny>,
) -> PyResult<Option<String>> {
    let tree = match parse_quietly(parsed) {
        Some(tree) => tree,
        // markdown-it.rs 0.6.0 panics on some inputs (an index out of bounds in its code-pair
        // scanner, seen on a real changelog): the document goes to markdown-it-py instead.
        None => return Ok(Some("markdown-it.rs could not parse the document".to_string())),
    };
    let mut chars_at = Vec::with_capacity(parsed.len() + 1);
    for (i, c) in parsed.chars().enumerate() {
        for _ in 0..c.len_utf8() {
            chars_at.push(i);
        }
    }
    chars_at.push(parsed.chars().count());
    let original: Vec<char> = out.borrow().original_chars().to_vec();
    let (starts, ends) = line_table(&original);
    let walker = Walker { original, chars_at, starts, ends, out, is_label_link, html_span };
    match walker.blocks(&tree) {
        Ok(()) => Ok(None),
        Err(Stop::Unsupported(why)) => Ok(Some(why)),
        Err(Stop::Raised(e)) => Err(e),
    }
}

fn line_table(text: &[char]) -> (Vec<usize>, Vec<usize>) {
    let mut starts = vec![0];
    let mut ends = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        if c == '\n' || c == '\r' {
            ends.push(i);
            if c == '\r' && text.get(i + 1) == Some(&'\n') {
                i += 1;
            }
            starts.push(i + 1);
        }
        i += 1;
    }
    ends.push(text.len());
    (starts, ends)
}

type Walk = Result<(), Stop>;

fn unsupported(why: &str) -> Walk {
    Err(Unsupported(why.to_string()))
}

/// True for the inline nodes: a run of them under one parent is one block of prose.
fn is_inline(node: &Node) -> bool {
    node.is::<Text>()
        || node.is::<TextSpecial>()
        || node.is::<Softbreak>()
        || node.is::<Hardbreak>()
        || node.is::<CodeInline>()
        || node.is::<HtmlInline>()
        || node.is::<Em>()
        || node.is::<Strong>()
        || node.is::<Strikethrough>()
        || node.is::<Link>()
        || node.is::<Image>()
        || node.is::<Autolink>()
        || node.is::<FootnoteReference>()
        || node.is::<InlineFootnote>()
}

impl<'py> Walker<'py> {
    fn prose(&self, start: usize, end: usize) -> Walk {
        Ok(self.out.borrow_mut().prose_(self.out.py(), start, end)?)
    }

    fn placeholder(&self) -> Walk {
        self.out.borrow_mut().placeholder_();
        Ok(())
    }

    /// Code-point offset where `node`'s source starts.
    fn start(&self, node: &Node) -> Result<usize, Stop> {
        match node.srcmap {
            Some(map) => Ok(self.chars_at[map.get_byte_offsets().0]),
            None => Err(Unsupported(format!("{} without a source span", node.name()))),
        }
    }

    fn end(&self, node: &Node) -> usize {
        self.chars_at[node.srcmap.map(|m| m.get_byte_offsets().1).unwrap_or(0)]
    }

    /// 0-based index of the line holding `offset` (its terminator counts as on it).
    fn index_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// (start, end, eol) of the line at `index` (clamped to the last line).
    fn line(&self, index: usize) -> (usize, usize, usize) {
        let index = index.min(self.starts.len() - 1);
        let eol = if index + 1 < self.starts.len() { self.starts[index + 1] } else { self.ends[index] };
        (self.starts[index], self.ends[index], eol)
    }

    /// True when `original[at..]` starts with `prefix`.
    fn copies(&self, at: usize, prefix: &str) -> bool {
        let mut i = at;
        for c in prefix.chars() {
            if self.original.get(i) != Some(&c) {
                return false;
            }
            i += 1;
        }
        true
    }

    fn blocks(&self, node: &Node) -> Walk {
        let mut in_run = false;
        for child in node.children.iter() {
            if is_inline(child) {
                if !in_run {
                    self.out.borrow_mut().block_();
                    in_run = true;
                }
                self.inline(child)?;
            } else {
                in_run = false;
                self.block(child)?;
            }
        }
        Ok(())
    }

    fn block(&self, node: &Node) -> Walk {
        if let Some(html) = node.cast::<HtmlBlock>() {
            return self.html_block(node, &html.content);
        }
        let skipped = node.is::<CodeBlock>() || node.is::<CodeFence>() || node.is::<ThematicBreak>()
            || node.is::<Definition>() || node.is::<FootnoteRefAnchor>();
        if skipped {
            return Ok(());
        }
        self.blocks(node)
    }

    /// An HTML block, from the start of its first line to the end of its last (terminator included).
    fn html_block(&self, node: &Node, content: &str) -> Walk {
        if content.starts_with("<!--") && !content.contains("-->") {
            return unsupported("an unclosed HTML comment");
        }
        let first = self.line(self.index_of(self.start(node)?));
        let end = self.end(node);
        let last = self.line(self.index_of(end.saturating_sub(1).max(first.0)));
        self.out.borrow_mut().block_();
        self.html_span.call1((&self.out, first.0, last.2))?;
        Ok(())
    }

    fn inline(&self, node: &Node) -> Walk {
        if let Some(text) = node.cast::<Text>() {
            self.text(node, &text.content)
        } else if let Some(special) = node.cast::<TextSpecial>() {
            self.special(node, special)
        } else if node.is::<Softbreak>() || node.is::<Hardbreak>() {
            self.newline(node)
        } else if node.is::<CodeInline>() || node.is::<Autolink>() {
            self.placeholder()
        } else if let Some(html) = node.cast::<HtmlInline>() {
            self.html(node, &html.content)
        } else if node.is::<InlineFootnote>() {
            unsupported("inline footnote")
        } else if (node.is::<Link>() || node.is::<Image>()) && self.labelled(node)? {
            self.placeholder()
        } else if node.is::<FootnoteReference>() {
            Ok(())
        } else {
            // emphasis, links and images: their text is prose
            for child in node.children.iter() {
                self.inline(child)?;
            }
            Ok(())
        }
    }

    /// True for a shortcut or collapsed reference ('[name]', '[name][]', '![name]'): its text
    /// is the label that names the link's definition, so a fix there would break the link.
    fn labelled(&self, node: &Node) -> Result<bool, Stop> {
        let start = self.start(node)?;
        let end = self.end(node).clamp(start, self.original.len().max(start));
        let source: String = self.original.get(start..end).map(|s| s.iter().collect()).unwrap_or_default();
        let answer = self.is_label_link.call1((source,)).and_then(|a| a.extract::<bool>());
        answer.map_err(|e| Unsupported(e.to_string()))
    }

    fn text(&self, node: &Node, content: &str) -> Walk {
        if content.contains('\n') || content.contains('\r') {
            return unsupported("a line break in a text node");
        }
        let start = self.start(node)?;
        if self.copies(start, content) {
            self.prose(start, start + content.chars().count())
        } else {
            self.unescaped(content, start)
        }
    }

    /// A table cell's text with its '\|' escapes removed: copy it in runs around each backslash.
    fn unescaped(&self, content: &str, start: usize) -> Walk {
        let end = self.line(self.index_of(start)).1;
        let (mut pos, mut run) = (start, start);
        for ch in content.chars() {
            if ch == '|' && self.original.get(pos) == Some(&'\\') && self.original.get(pos + 1) == Some(&'|') {
                self.prose(run, pos)?;
                pos += 1;
                run = pos;
            }
            if pos >= end || self.original.get(pos) != Some(&ch) {
                return unsupported("a text node that does not copy the original");
            }
            pos += 1;
        }
        self.prose(run, pos)
    }

    /// An escape ('\*' copies the '*') or an entity ('&amp;' reads as '&').
    fn special(&self, node: &Node, special: &TextSpecial) -> Walk {
        let start = self.start(node)?;
        let content = &special.content;
        if special.info == "escape" && self.original.get(start) == Some(&'\\') && self.copies(start + 1, content) {
            self.prose(start + 1, start + 1 + content.chars().count())
        } else if special.info == "entity" && self.copies(start, &special.markup) {
            self.out.borrow_mut().synthetic_(content);
            Ok(())
        } else {
            Err(Unsupported(format!("text_special '{}'", special.info)))
        }
    }

    /// A soft or hard break: the terminator of the line the break starts on (an LF is copied).
    fn newline(&self, node: &Node) -> Walk {
        let (_, end, eol) = self.line(self.index_of(self.start(node)?));
        if eol == end {
            return unsupported("a line break on the last line");
        }
        self.out.borrow_mut().newline_(eol - 1, eol);
        Ok(())
    }

    /// Inline HTML is not prose; a comment is recorded, for suppressions.
    fn html(&self, node: &Node, content: &str) -> Walk {
        let start = self.start(node)?;
        if !self.copies(start, content) {
            return unsupported("inline HTML that does not copy the original");
        }
        if content.starts_with("<!--") {
            let mut out = self.out.borrow_mut();
            out.comment_(start, start + content.chars().count());
            out.gap_();
        }
        Ok(())
    }
}
