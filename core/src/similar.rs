//! Near-verbatim paragraphs for the repetition kind: difflib's word-sequence ratio, without a
//! Python object per word.

use std::collections::HashMap;

use pyo3::prelude::*;

/// The words of a paragraph joined by single spaces (`lint._core.paragraph_words`): as Python's
/// `joined.split(" ") if joined else []`.
fn words(joined: &str) -> Vec<&str> {
    if joined.is_empty() {
        Vec::new()
    } else {
        joined.split(' ').collect()
    }
}

/// True when `difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= similarity` for the
/// words of `a` and `b` (each joined by single spaces), after difflib's cheaper upper bound
/// `quick_ratio` (words in common, counted) rules out most pairs, as the kind did in Python.
#[pyfunction]
pub fn similar_words(a: &str, b: &str, similarity: f64) -> bool {
    let (a, b) = (words(a), words(b));
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0 >= similarity;
    }
    // Words as small integers: equal words, equal ids.
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let a: Vec<usize> = a.iter().map(|w| intern(&mut ids, w)).collect();
    let b: Vec<usize> = b.iter().map(|w| intern(&mut ids, w)).collect();
    let mut counts = vec![0isize; ids.len()];
    for &w in &b {
        counts[w] += 1;
    }
    let mut common = 0usize;
    for &w in &a {
        if counts[w] > 0 {
            counts[w] -= 1;
            common += 1;
        }
    }
    if 2.0 * (common as f64) / (total as f64) < similarity {
        return false;
    }
    2.0 * (matching(&a, &b, ids.len()) as f64) / (total as f64) >= similarity
}

/// The id of word `w`: the next free one when it is new.
fn intern<'a>(ids: &mut HashMap<&'a str, usize>, w: &'a str) -> usize {
    let next = ids.len();
    *ids.entry(w).or_insert(next)
}

/// How many elements difflib's `get_matching_blocks` pairs (the sum of the block sizes), with no
/// junk: the longest matching block of a range (the earliest in `a`, then in `b`, of the longest),
/// then the same on each side of it.
fn matching(a: &[usize], b: &[usize], alphabet: usize) -> usize {
    // b2j: where each element stands in b, in order.
    let mut b2j: Vec<Vec<usize>> = vec![Vec::new(); alphabet];
    for (j, &w) in b.iter().enumerate() {
        b2j[w].push(j);
    }
    // j2len of difflib: the length of the match ending at (i - 1, j), for the previous i; kept in
    // two arrays indexed j + 1, with the entries written noted so that they can be cleared.
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    let (mut prev_set, mut cur_set): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    let mut total = 0;
    let mut queue = vec![(0usize, a.len(), 0usize, b.len())];
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let (mut besti, mut bestj, mut bestsize) = (alo, blo, 0usize);
        for &j in &prev_set {
            prev[j + 1] = 0;
        }
        prev_set.clear();
        for i in alo..ahi {
            for &j in &b2j[a[i]] {
                if j < blo {
                    continue;
                }
                if j >= bhi {
                    break;
                }
                let k = prev[j] + 1; // prev[j] is the match ending at (i - 1, j - 1)
                cur[j + 1] = k;
                cur_set.push(j);
                if k > bestsize {
                    besti = i + 1 - k;
                    bestj = j + 1 - k;
                    bestsize = k;
                }
            }
            for &j in &prev_set {
                prev[j + 1] = 0;
            }
            std::mem::swap(&mut prev, &mut cur);
            std::mem::swap(&mut prev_set, &mut cur_set);
            cur_set.clear();
        }
        if bestsize > 0 {
            total += bestsize;
            if alo < besti && blo < bestj {
                queue.push((alo, besti, blo, bestj));
            }
            if besti + bestsize < ahi && bestj + bestsize < bhi {
                queue.push((besti + bestsize, ahi, bestj + bestsize, bhi));
            }
        }
    }
    total
}
