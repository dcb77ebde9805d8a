//! A small YAML tokenizer for the editor's syntax colouring. It is line-based and forgiving (any text
//! gets tokens, broken YAML included) because it runs on every keystroke, before the real parser; it
//! only has to look right, not to decide what the document means.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A mapping key (`name` in `name: web`).
    Key,
    /// A quoted scalar.
    String,
    /// An integer or float.
    Number,
    /// `true`, `false`, `null`, `~` and their capitalised forms.
    Literal,
    /// A `#` comment.
    Comment,
    /// A document marker, `---` or `...`.
    Marker,
    /// An anchor `&a`, an alias `*a` or a tag `!t`.
    Anchor,
    /// A block scalar's indicator (`|`, `>-`, …) and its content lines.
    Block,
}

impl TokenKind {
    /// A short CSS class name for the kind.
    pub fn class(self) -> &'static str {
        match self {
            TokenKind::Key => "tk-key",
            TokenKind::String => "tk-str",
            TokenKind::Number => "tk-num",
            TokenKind::Literal => "tk-lit",
            TokenKind::Comment => "tk-com",
            TokenKind::Marker => "tk-doc",
            TokenKind::Anchor => "tk-anc",
            TokenKind::Block => "tk-blk",
        }
    }
}

/// A token: byte offsets into its line (tokens never span lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// First byte, in the line.
    pub start: usize,
    /// One past the last byte, in the line.
    pub end: usize,
    /// What it is.
    pub kind: TokenKind,
}

/// The tokens of each line of `text` (split at `\n`; a trailing `\r` stays uncoloured).
pub fn tokenize(text: &str) -> Vec<Vec<Token>> {
    let mut out = Vec::new();
    // Some(indent of the line that opened it) while inside a block scalar.
    let mut block: Option<usize> = None;
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block {
            if line.trim().is_empty() {
                out.push(Vec::new());
                continue;
            }
            if indent > parent {
                out.push(vec![Token { start: indent, end: line.len(), kind: TokenKind::Block }]);
                continue;
            }
            block = None;
        }
        let mut toks = Vec::new();
        if is_marker(line) {
            toks.push(Token { start: 0, end: 3, kind: TokenKind::Marker });
            if scan(line, 3, &mut toks) {
                block = Some(0);
            }
        } else if scan(line, indent, &mut toks) {
            block = Some(indent);
        }
        out.push(toks);
    }
    out
}

fn is_marker(line: &str) -> bool {
    (line.starts_with("---") || line.starts_with("..."))
        && line[3..].chars().next().is_none_or(|c| c == ' ' || c == '\t')
}

/// Tokens of `line` from byte `i`; true when the line opens a block scalar.
fn scan(line: &str, mut i: usize, toks: &mut Vec<Token>) -> bool {
    let b = line.as_bytes();
    let mut flow = 0usize;
    let mut opens_block = false;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b',' => i += 1,
            b'[' | b'{' => {
                flow += 1;
                i += 1;
            }
            b']' | b'}' => {
                flow = flow.saturating_sub(1);
                i += 1;
            }
            b'-' | b'?' | b':' if b.get(i + 1).is_none_or(|n| *n == b' ' || *n == b'\t') => i += 1,
            b'#' if i == 0 || matches!(b[i - 1], b' ' | b'\t') => {
                toks.push(Token { start: i, end: b.len(), kind: TokenKind::Comment });
                return opens_block;
            }
            b'&' | b'*' | b'!' => {
                // Anchor, alias and tag names end at whitespace or a flow indicator.
                let end = (i + 1..b.len())
                    .find(|&j| matches!(b[j], b' ' | b'\t' | b',' | b'[' | b']' | b'{' | b'}'))
                    .unwrap_or(b.len());
                toks.push(Token { start: i, end, kind: TokenKind::Anchor });
                i = end;
            }
            b'|' | b'>' if flow == 0 => {
                let mut end = i + 1;
                while end < b.len() && matches!(b[end], b'+' | b'-' | b'0'..=b'9') {
                    end += 1;
                }
                toks.push(Token { start: i, end, kind: TokenKind::Block });
                opens_block = true;
                i = end;
            }
            b'"' | b'\'' => {
                let end = quoted_end(b, i);
                let kind = if is_key_at(b, end, flow) { TokenKind::Key } else { TokenKind::String };
                toks.push(Token { start: i, end, kind });
                i = end;
            }
            _ => {
                let end = plain_end(b, i, flow > 0);
                let word = line[i..end].trim_end();
                let end = i + word.len();
                let kind = if is_key_at(b, end, flow) {
                    Some(TokenKind::Key)
                } else if is_literal(word) {
                    Some(TokenKind::Literal)
                } else if is_number(word) {
                    Some(TokenKind::Number)
                } else {
                    None
                };
                if let Some(kind) = kind {
                    toks.push(Token { start: i, end, kind });
                }
                i = end.max(i + 1);
                // Step over the rest of a multi-byte character.
                while i < b.len() && !line.is_char_boundary(i) {
                    i += 1;
                }
            }
        }
    }
    opens_block
}

/// True when a `:` followed by a space (or the end, or a flow indicator inside flow) is at `at`.
fn is_key_at(b: &[u8], at: usize, flow: usize) -> bool {
    let mut j = at;
    while j < b.len() && b[j] == b' ' {
        j += 1;
    }
    b.get(j) == Some(&b':')
        && b.get(j + 1)
            .is_none_or(|n| *n == b' ' || *n == b'\t' || (flow > 0 && matches!(n, b',' | b'}' | b']')))
}

/// The end of a quoted scalar starting at `i` (the line's end when it is not closed on this line).
fn quoted_end(b: &[u8], i: usize) -> usize {
    let q = b[i];
    let mut j = i + 1;
    while j < b.len() {
        if q == b'"' && b[j] == b'\\' {
            j += 2;
            continue;
        }
        if b[j] == q {
            if q == b'\'' && b.get(j + 1) == Some(&b'\'') {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    b.len()
}

/// The end of a plain scalar starting at `i`: before ` #`, `: `, and in flow context `,[]{}`.
fn plain_end(b: &[u8], i: usize, flow: bool) -> usize {
    let mut j = i;
    while j < b.len() {
        let c = b[j];
        if c == b':'
            && b.get(j + 1)
                .is_none_or(|n| *n == b' ' || *n == b'\t' || (flow && matches!(n, b',' | b'}' | b']')))
        {
            break;
        }
        if c == b'#' && j > i && matches!(b[j - 1], b' ' | b'\t') {
            break;
        }
        if flow && matches!(c, b',' | b'[' | b']' | b'{' | b'}') {
            break;
        }
        j += 1;
    }
    j
}

fn is_literal(w: &str) -> bool {
    matches!(w, "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "null" | "Null" | "NULL" | "~")
}

fn is_number(w: &str) -> bool {
    let s = w.strip_prefix(['-', '+']).unwrap_or(w);
    if let Some(h) = s.strip_prefix("0x") {
        return !h.is_empty() && h.bytes().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(o) = s.strip_prefix("0o") {
        return !o.is_empty() && o.bytes().all(|c| matches!(c, b'0'..=b'7'));
    }
    if matches!(s, ".inf" | ".Inf" | ".INF") || matches!(w, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(k) => (&s[..k], Some(&s[k + 1..])),
        None => (s, None),
    };
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).count();
    let dots = mantissa.bytes().filter(|&c| c == b'.').count();
    let mantissa_ok = digits > 0 && dots <= 1 && mantissa.bytes().all(|c| c.is_ascii_digit() || c == b'.');
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit())
    });
    mantissa_ok && exp_ok
}

/// The byte range of `line` a diagnostic at 1-based character column `col` underlines: the word (or
/// quoted scalar) that starts there, else the rest of the line; at least one character when the line
/// has any, an empty range at the end otherwise.
pub fn squiggle_range(line: &str, col: u32) -> (usize, usize) {
    let start = line.char_indices().nth(col.saturating_sub(1) as usize).map_or(line.len(), |(i, _)| i);
    let b = line.as_bytes();
    if start >= b.len() {
        // Past the end: underline the last character, if any.
        let last = line.char_indices().last().map_or(0, |(i, _)| i);
        return (last, line.len());
    }
    let end = match b[start] {
        b'"' | b'\'' => quoted_end(b, start),
        b' ' | b'\t' => line.len(),
        _ => {
            let e = plain_end(b, start, false);
            let trimmed = line[start..e].trim_end().len();
            if trimmed == 0 {
                line.len()
            } else {
                start + trimmed
            }
        }
    };
    // A diagnostic at a key is about its field: underline the value too (up to a comment).
    let end = if is_key_at(b, end, 0) {
        let value_end =
            (end..b.len()).find(|&j| b[j] == b'#' && matches!(b[j - 1], b' ' | b'\t')).unwrap_or(b.len());
        start + line[start..value_end].trim_end().len()
    } else {
        end
    };
    (start, end.max(start + 1).min(line.len()))
}

#[cfg(test)]
mod tests {
    use super::TokenKind::*;
    use super::*;

    /// Each token as (text, kind), line by line.
    fn words(text: &str) -> Vec<Vec<(&str, TokenKind)>> {
        let lines: Vec<&str> = text.split('\n').collect();
        tokenize(text)
            .iter()
            .zip(&lines)
            .map(|(toks, line)| toks.iter().map(|t| (&line[t.start..t.end], t.kind)).collect())
            .collect()
    }

    #[test]
    fn keys_scalars_and_comments() {
        let w = words("apiVersion: v1  # the core group\nkind: \"Pod\"\nspec:\n  port: 8080\n  ok: true\n  x: ~\n  f: -1.5e3");
        assert_eq!(w[0], vec![("apiVersion", Key), ("# the core group", Comment)]);
        assert_eq!(w[1], vec![("kind", Key), ("\"Pod\"", String)]);
        assert_eq!(w[2], vec![("spec", Key)]);
        assert_eq!(w[3], vec![("port", Key), ("8080", Number)]);
        assert_eq!(w[4], vec![("ok", Key), ("true", Literal)]);
        assert_eq!(w[5], vec![("x", Key), ("~", Literal)]);
        assert_eq!(w[6], vec![("f", Key), ("-1.5e3", Number)]);
    }

    #[test]
    fn plain_words_that_look_like_numbers_or_carry_a_hash_are_not_split() {
        let w = words("image: nginx:1.27\nv: 1.2.3\ncmd: echo a#b # c\nport: \"80\"");
        assert_eq!(w[0], vec![("image", Key)]);
        assert_eq!(w[1], vec![("v", Key)]);
        assert_eq!(w[2], vec![("cmd", Key), ("# c", Comment)]);
        assert_eq!(w[3], vec![("port", Key), ("\"80\"", String)]);
    }

    #[test]
    fn sequences_flow_collections_and_quoted_keys() {
        let w = words("- name: app\n  command: [\"sh\", \"-c\", 'it''s']\n  m: {a: 1, 'b': null}\n- 0x1F");
        assert_eq!(w[0], vec![("name", Key)]);
        assert_eq!(w[1], vec![("command", Key), ("\"sh\"", String), ("\"-c\"", String), ("'it''s'", String)]);
        assert_eq!(w[2], vec![("m", Key), ("a", Key), ("1", Number), ("'b'", Key), ("null", Literal)]);
        assert_eq!(w[3], vec![("0x1F", Number)]);
    }

    #[test]
    fn markers_anchors_aliases_and_tags() {
        let w = words("---\nbase: &b {x: 1}\nother: *b\nt: !!str 5\n...");
        assert_eq!(w[0], vec![("---", Marker)]);
        assert_eq!(w[1], vec![("base", Key), ("&b", Anchor), ("x", Key), ("1", Number)]);
        assert_eq!(w[2], vec![("other", Key), ("*b", Anchor)]);
        assert_eq!(w[3], vec![("t", Key), ("!!str", Anchor), ("5", Number)]);
        assert_eq!(w[4], vec![("...", Marker)]);
        // `---x` is a plain scalar, not a marker.
        assert_eq!(words("---x")[0], vec![]);
    }

    #[test]
    fn block_scalars_colour_their_content_until_the_indentation_returns() {
        let text = "  args:\n  - |\n    echo: 1 # not a comment\n\n    done\n  next: 2\n  s: >-\n    folded";
        let w = words(text);
        assert_eq!(w[1], vec![("|", Block)]);
        assert_eq!(w[2], vec![("echo: 1 # not a comment", Block)]);
        assert_eq!(w[3], vec![]);
        assert_eq!(w[4], vec![("done", Block)]);
        assert_eq!(w[5], vec![("next", Key), ("2", Number)]);
        assert_eq!(w[6], vec![("s", Key), (">-", Block)]);
        assert_eq!(w[7], vec![("folded", Block)]);
    }

    #[test]
    fn every_line_gets_an_entry_and_offsets_stay_on_char_boundaries() {
        let text = "名前: 値 # 注释\r\nkey: \"unterminated\n";
        let toks = tokenize(text);
        assert_eq!(toks.len(), 3);
        let lines: Vec<&str> = text.split('\n').collect();
        for (t, l) in toks.iter().zip(&lines) {
            for k in t {
                assert!(l.is_char_boundary(k.start) && l.is_char_boundary(k.end) && k.start < k.end, "{k:?}");
            }
        }
        assert_eq!(words(text)[0], vec![("名前", Key), ("# 注释", Comment)]);
        assert_eq!(words(text)[1], vec![("key", Key), ("\"unterminated", String)]);
    }

    #[test]
    fn squiggles_cover_the_word_at_the_column() {
        assert_eq!(squiggle_range("  image: nginx:1.27", 10), (9, 19));
        assert_eq!(squiggle_range("  restartPolicy: Sometimes # x", 3), (2, 26));
        assert_eq!(squiggle_range("  restartPolicy: Sometimes # x", 18), (17, 26));
        assert_eq!(squiggle_range("spec:", 1), (0, 5));
        assert_eq!(squiggle_range("  name: \"a b\"", 9), (8, 13));
        assert_eq!(squiggle_range("abc", 9), (2, 3));
        assert_eq!(squiggle_range("", 1), (0, 0));
        assert_eq!(squiggle_range("值: x", 1), (0, 6));
    }
}
