//! The `sh` subset pod specs use, parsed into an arena of nodes: lists, `&&` `||` `!`, pipes,
//! `if`/`while`/`until`/`for`, `{ }` and `( )`, functions, assignments, redirections, quoting,
//! `$VAR` `${VAR}` `${VAR:-x}` `$(…)` `` `…` `` and `$((…))`. No globbing, no `case`, no here-docs.

/// Index of a node in a [`Program`].
pub type NodeId = usize;

/// One piece of a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Literal text; `quoted` text is not field-split.
    Lit {
        /// The text.
        text: String,
        /// Inside quotes.
        quoted: bool,
    },
    /// `$NAME`, `${NAME}`, `$1`, `$?`, `$#`, `$@`; with `${NAME:-word}` style defaults.
    Var {
        /// Variable name (or special character).
        name: String,
        /// `(colon, op, word)` for `${NAME:-word}`, `${NAME-word}`, `${NAME:=word}`, `${NAME:+word}`.
        op: Option<(bool, char, Vec<Part>)>,
        /// `${#NAME}`.
        length: bool,
        /// Inside double quotes.
        quoted: bool,
    },
    /// `$(…)` or `` `…` ``.
    Sub {
        /// The program to run.
        node: NodeId,
        /// Inside double quotes.
        quoted: bool,
    },
    /// `$((…))`.
    Arith {
        /// The expression text (expanded, then evaluated).
        expr: Vec<Part>,
        /// Inside double quotes.
        quoted: bool,
    },
}

/// A word: parts concatenated.
pub type Word = Vec<Part>;

/// A redirection operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirOp {
    /// `>`
    Out,
    /// `>>`
    Append,
    /// `<`
    In,
    /// `>&N`
    Dup,
}

/// A redirection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redir {
    /// File descriptor redirected (1 for `>`, 0 for `<`).
    pub fd: u32,
    /// Operator.
    pub op: RedirOp,
    /// Target file (or fd number for `Dup`).
    pub target: Word,
}

/// A node of the syntax tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// `NAME=value … word … redirs`.
    Simple {
        /// Leading assignments.
        assigns: Vec<(String, Word)>,
        /// Command words.
        words: Vec<Word>,
        /// Redirections.
        redirs: Vec<Redir>,
    },
    /// `[!] a | b | c`.
    Pipe {
        /// Leading `!`.
        neg: bool,
        /// Stages.
        cmds: Vec<NodeId>,
    },
    /// `a && b || c`: the first, then (is `&&`, node) pairs.
    AndOr {
        /// First pipeline.
        first: NodeId,
        /// The rest.
        rest: Vec<(bool, NodeId)>,
    },
    /// Commands separated by `;`, newlines or `&` (true = background).
    List(Vec<(NodeId, bool)>),
    /// `if … then … elif … else … fi`.
    If {
        /// (condition, body) pairs.
        branches: Vec<(NodeId, NodeId)>,
        /// `else` body.
        els: Option<NodeId>,
    },
    /// `while`/`until cond; do body; done`.
    Loop {
        /// `until` instead of `while`.
        until: bool,
        /// Condition list.
        cond: NodeId,
        /// Body list.
        body: NodeId,
    },
    /// `for NAME [in words]; do body; done`.
    For {
        /// Loop variable.
        var: String,
        /// Items; `None` means `"$@"`.
        items: Option<Vec<Word>>,
        /// Body.
        body: NodeId,
    },
    /// `{ …; }` or `( … )`, with redirections.
    Group {
        /// Body list.
        body: NodeId,
        /// `( … )`: variable changes do not leak out.
        subshell: bool,
        /// Redirections after the closing brace.
        redirs: Vec<Redir>,
    },
    /// `name() { … }`.
    FuncDef {
        /// Function name.
        name: String,
        /// Body.
        body: NodeId,
    },
}

/// A parsed script.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Program {
    /// All nodes; children refer to their indices.
    pub nodes: Vec<Node>,
    /// The top-level list, if the script parsed.
    pub root: Option<NodeId>,
}

impl Program {
    /// The node `id` (an empty list when out of range, which the parser never produces).
    pub fn node(&self, id: NodeId) -> &Node {
        const EMPTY: &Node = &Node::List(Vec::new());
        self.nodes.get(id).unwrap_or(EMPTY)
    }
}

/// How deep `$(…)`, groups and compound commands may nest before the parser gives up.
const MAX_DEPTH: usize = 200;

/// Parses `src`; the error is the text after `sh: ` (e.g. `syntax error: unexpected "fi"`).
pub fn parse(src: &str) -> Result<Program, String> {
    // Sized up front: a long script would otherwise regrow these many times.
    let mut chars = Vec::with_capacity(src.len());
    chars.extend(src.chars());
    let prog = Program { nodes: Vec::with_capacity(src.len() / 16), root: None };
    let mut p = Parser { s: chars, i: 0, prog, depth: 0 };
    let root = p.list(&[])?;
    p.skip_blank_lines();
    if p.i < p.s.len() {
        return Err(p.unexpected());
    }
    p.prog.root = Some(root);
    Ok(p.prog)
}

struct Parser {
    s: Vec<char>,
    i: usize,
    prog: Program,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }
    fn peek_at(&self, k: usize) -> Option<char> {
        self.s.get(self.i + k).copied()
    }
    fn add(&mut self, n: Node) -> NodeId {
        self.prog.nodes.push(n);
        self.prog.nodes.len() - 1
    }

    /// Skips spaces, tabs, line continuations and comments (not newlines).
    fn skip_ws(&mut self) {
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\r') => self.i += 1,
                Some('\\') if self.peek_at(1) == Some('\n') => self.i += 2,
                Some('#') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.i += 1;
                    }
                }
                _ => return,
            }
        }
    }

    fn skip_blank_lines(&mut self) {
        loop {
            self.skip_ws();
            if self.peek() == Some('\n') {
                self.i += 1;
            } else {
                return;
            }
        }
    }

    /// The next bare word (unquoted, no expansions) without consuming it: keyword detection.
    fn peek_bare_word(&self) -> Option<String> {
        self.bare_word_end().map(|end| self.s[self.i..end].iter().collect())
    }

    /// Where the bare word at the cursor ends, if there is one ([`Self::peek_bare_word`] without
    /// building it).
    fn bare_word_end(&self) -> Option<usize> {
        let mut j = self.i;
        while let Some(&c) = self.s.get(j) {
            if is_blank(c) || matches!(c, ';' | '&' | '|' | '(' | ')' | '<' | '>') {
                break;
            }
            if matches!(c, '\'' | '"' | '$' | '`' | '\\') {
                return None;
            }
            j += 1;
        }
        (j > self.i).then_some(j)
    }

    /// `peek_bare_word() == Some(kw)` without building the word (it runs for every command).
    fn at_keyword(&self, kw: &str) -> bool {
        let mut j = self.i;
        for k in kw.chars() {
            if self.s.get(j) != Some(&k) {
                return false;
            }
            j += 1;
        }
        !kw.is_empty() && self.s.get(j).is_none_or(|&c| is_blank(c) || ";&|()<>".contains(c))
    }

    /// The keyword of `kws` the next bare word is, if any (no allocation).
    fn at_any_keyword(&self, kws: &[&str]) -> bool {
        // Most commands start with no keyword's first letter: one comparison each rules them out.
        // (Keywords are ASCII; comparing first bytes avoids the char-pattern machinery.)
        let Some(&c) = self.s.get(self.i) else { return false };
        if !c.is_ascii() {
            return false;
        }
        let b = c as u8;
        kws.iter().any(|k| k.as_bytes().first() == Some(&b) && self.at_keyword(k))
    }

    fn eat_keyword(&mut self, kw: &str) -> Result<(), String> {
        self.skip_blank_lines();
        if self.at_keyword(kw) {
            self.i += kw.chars().count();
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn unexpected(&self) -> String {
        match self.peek_bare_word() {
            Some(w) => format!("syntax error: unexpected \"{w}\""),
            None => match self.peek() {
                None => "syntax error: unexpected end of file".to_string(),
                Some('\n') => "syntax error: unexpected newline".to_string(),
                Some(c) => {
                    let two: String = self.s[self.i..].iter().take(2).collect();
                    let tok = if matches!(two.as_str(), "&&" | "||" | ";;") { two } else { c.to_string() };
                    format!("syntax error: unexpected \"{tok}\"")
                }
            },
        }
    }

    /// A list up to one of `terms` (keywords) or `)` / end of input.
    fn list(&mut self, terms: &[&str]) -> Result<NodeId, String> {
        self.depth += 1;
        self.deep_enough(0)?;
        let mut items = Vec::new();
        loop {
            self.skip_blank_lines();
            match self.peek() {
                None | Some(')') => break,
                Some(';') => return Err(self.unexpected()),
                _ => {}
            }
            if self.at_any_keyword(terms) {
                break;
            }
            if self.at_any_keyword(&["then", "elif", "else", "fi", "do", "done", "}"]) {
                return Err(self.unexpected());
            }
            let node = self.and_or()?;
            self.skip_ws();
            let mut bg = false;
            let mut sep = true;
            match self.peek() {
                Some(';') if self.peek_at(1) != Some(';') => self.i += 1,
                Some('&') => {
                    self.i += 1;
                    bg = true;
                }
                Some('\n') => self.i += 1,
                _ => sep = false,
            }
            items.push((node, bg));
            self.skip_ws();
            if !sep {
                match self.peek() {
                    None | Some(')' | '\n') => {}
                    _ if self.at_any_keyword(terms) => {}
                    _ => return Err(self.unexpected()),
                }
            }
        }
        self.depth -= 1;
        Ok(self.add(Node::List(items)))
    }

    fn and_or(&mut self) -> Result<NodeId, String> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            self.skip_ws();
            let and = match (self.peek(), self.peek_at(1)) {
                (Some('&'), Some('&')) => true,
                (Some('|'), Some('|')) => false,
                _ => break,
            };
            self.i += 2;
            self.skip_blank_lines();
            rest.push((and, self.pipeline()?));
        }
        if rest.is_empty() {
            return Ok(first);
        }
        Ok(self.add(Node::AndOr { first, rest }))
    }

    fn pipeline(&mut self) -> Result<NodeId, String> {
        self.skip_ws();
        let mut neg = false;
        if self.peek() == Some('!') && self.peek_at(1).is_some_and(is_blank) {
            self.i += 1;
            neg = true;
            self.skip_ws();
        }
        let mut cmds = vec![self.command()?];
        loop {
            self.skip_ws();
            if self.peek() == Some('|') && self.peek_at(1) != Some('|') {
                self.i += 1;
                self.skip_blank_lines();
                cmds.push(self.command()?);
            } else {
                break;
            }
        }
        if cmds.len() == 1 && !neg {
            return Ok(cmds[0]);
        }
        Ok(self.add(Node::Pipe { neg, cmds }))
    }

    fn command(&mut self) -> Result<NodeId, String> {
        self.skip_ws();
        if self.peek() == Some('(') {
            self.i += 1;
            let body = self.list(&[])?;
            self.skip_blank_lines();
            if self.peek() != Some(')') {
                return Err(self.unexpected());
            }
            self.i += 1;
            let redirs = self.redirs()?;
            return Ok(self.add(Node::Group { body, subshell: true, redirs }));
        }
        let Some(end) = self.bare_word_end() else { return self.simple() };
        let w = &self.s[self.i..end];
        let is = |kw: &str| w.len() == kw.len() && w.iter().zip(kw.chars()).all(|(a, b)| *a == b);
        // Only keywords and function definitions need the word as a String; a plain command (the
        // usual case, once per command of a script) does not build it.
        let keyword = ["{", "if", "while", "until", "for", "function"].into_iter().find(|k| is(k));
        let is_func = {
            let mut j = end;
            while self.s.get(j).is_some_and(|c| *c == ' ' || *c == '\t') {
                j += 1;
            }
            self.s.get(j) == Some(&'(') && self.s.get(j + 1) == Some(&')')
        };
        if keyword.is_none() && !is_func {
            return self.simple();
        }
        let w: String = w.iter().collect();
        match w.as_str() {
            "{" => {
                self.i += 1;
                let body = self.list(&["}"])?;
                self.eat_keyword("}")?;
                let redirs = self.redirs()?;
                Ok(self.add(Node::Group { body, subshell: false, redirs }))
            }
            "if" => {
                self.i += 2;
                let mut branches = Vec::new();
                let cond = self.list(&["then"])?;
                self.eat_keyword("then")?;
                let body = self.list(&["elif", "else", "fi"])?;
                branches.push((cond, body));
                let mut els = None;
                loop {
                    self.skip_blank_lines();
                    if self.at_keyword("elif") {
                        self.i += 4;
                        let c = self.list(&["then"])?;
                        self.eat_keyword("then")?;
                        let b = self.list(&["elif", "else", "fi"])?;
                        branches.push((c, b));
                    } else if self.at_keyword("else") {
                        self.i += 4;
                        els = Some(self.list(&["fi"])?);
                    } else {
                        break;
                    }
                }
                self.eat_keyword("fi")?;
                self.redirs()?;
                Ok(self.add(Node::If { branches, els }))
            }
            "while" | "until" => {
                let until = w == "until";
                self.i += w.len();
                let cond = self.list(&["do"])?;
                self.eat_keyword("do")?;
                let body = self.list(&["done"])?;
                self.eat_keyword("done")?;
                self.redirs()?;
                Ok(self.add(Node::Loop { until, cond, body }))
            }
            "for" => {
                self.i += 3;
                self.skip_ws();
                let var = self.peek_bare_word().ok_or_else(|| self.unexpected())?;
                self.i += var.chars().count();
                self.skip_ws();
                let mut items = None;
                if self.peek() == Some(';') {
                    self.i += 1;
                }
                self.skip_blank_lines();
                if self.at_keyword("in") {
                    self.i += 2;
                    let mut list = Vec::new();
                    loop {
                        self.skip_ws();
                        match self.peek() {
                            Some(';' | '\n') => {
                                self.i += 1;
                                break;
                            }
                            None => break,
                            _ => list.push(self.word()?),
                        }
                    }
                    items = Some(list);
                }
                self.eat_keyword("do")?;
                let body = self.list(&["done"])?;
                self.eat_keyword("done")?;
                Ok(self.add(Node::For { var, items, body }))
            }
            _ => {
                // `name() { … }` (also `function name { … }`).
                if is_func && valid_name(&w) {
                    self.i += w.chars().count();
                    self.skip_ws();
                    self.i += 2;
                    self.skip_blank_lines();
                    let body = self.command()?;
                    return Ok(self.add(Node::FuncDef { name: w, body }));
                }
                if w == "function" {
                    self.i += 8;
                    self.skip_ws();
                    let name = self.peek_bare_word().ok_or_else(|| self.unexpected())?;
                    self.i += name.chars().count();
                    self.skip_ws();
                    if self.peek() == Some('(') && self.peek_at(1) == Some(')') {
                        self.i += 2;
                    }
                    self.skip_blank_lines();
                    let body = self.command()?;
                    return Ok(self.add(Node::FuncDef { name, body }));
                }
                self.simple()
            }
        }
    }

    fn redirs(&mut self) -> Result<Vec<Redir>, String> {
        let mut out = Vec::new();
        loop {
            self.skip_ws();
            match self.redir()? {
                Some(r) => out.push(r),
                None => return Ok(out),
            }
        }
    }

    /// A redirection at the cursor, if there is one.
    fn redir(&mut self) -> Result<Option<Redir>, String> {
        let start = self.i;
        let mut fd = None;
        let mut j = self.i;
        while self.s.get(j).is_some_and(char::is_ascii_digit) {
            j += 1;
        }
        if j > self.i && matches!(self.s.get(j), Some('>' | '<')) {
            fd = self.s[self.i..j].iter().collect::<String>().parse().ok();
            self.i = j;
        }
        let op = match (self.peek(), self.peek_at(1)) {
            (Some('>'), Some('>')) => {
                self.i += 2;
                RedirOp::Append
            }
            (Some('>'), Some('&')) => {
                self.i += 2;
                RedirOp::Dup
            }
            (Some('&'), Some('>')) => {
                // `&> file`: both streams (bash); treated as `> file 2>&1` by the executor.
                self.i += 2;
                fd = Some(99);
                RedirOp::Out
            }
            (Some('>'), _) => {
                self.i += 1;
                if self.peek() == Some('|') {
                    self.i += 1;
                }
                RedirOp::Out
            }
            (Some('<'), _) => {
                self.i += 1;
                RedirOp::In
            }
            _ => {
                self.i = start;
                return Ok(None);
            }
        };
        self.skip_ws();
        if self.peek().is_none_or(|c| c == '\n' || ";&|()".contains(c)) {
            return Err(self.unexpected());
        }
        let target = self.word()?;
        let fd = fd.unwrap_or(if op == RedirOp::In { 0 } else { 1 });
        Ok(Some(Redir { fd, op, target }))
    }

    fn simple(&mut self) -> Result<NodeId, String> {
        let mut assigns = Vec::new();
        let mut words = Vec::new();
        let mut redirs = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None | Some('\n' | ';' | '&' | '|' | ')') => {
                    if self.peek() == Some('&') && self.peek_at(1) == Some('>') {
                    } else {
                        break;
                    }
                }
                Some('(') => return Err(self.unexpected()),
                _ => {}
            }
            if let Some(r) = self.redir()? {
                redirs.push(r);
                continue;
            }
            if words.is_empty() {
                if let Some((name, value)) = self.assignment()? {
                    assigns.push((name, value));
                    continue;
                }
                if assigns.is_empty()
                    && self.at_any_keyword(&["then", "elif", "else", "fi", "do", "done", "}", "in"])
                {
                    return Err(self.unexpected());
                }
            }
            let before = self.i;
            let word = self.word()?;
            if self.i == before {
                // Nothing the grammar knows (cannot happen with the cases above; never loop on it).
                return Err(self.unexpected());
            }
            words.push(word);
        }
        if words.is_empty() && assigns.is_empty() && redirs.is_empty() {
            return Err(self.unexpected());
        }
        Ok(self.add(Node::Simple { assigns, words, redirs }))
    }

    /// `NAME=value` at the cursor.
    fn assignment(&mut self) -> Result<Option<(String, Word)>, String> {
        let mut j = self.i;
        while self.s.get(j).is_some_and(|&c| c == '_' || c.is_ascii_alphanumeric()) {
            j += 1;
        }
        if j == self.i || self.s.get(j) != Some(&'=') || self.s[self.i].is_ascii_digit() {
            return Ok(None);
        }
        let name: String = self.s[self.i..j].iter().collect();
        self.i = j + 1;
        let value = if self.peek().is_none_or(|c| is_blank(c) || ";&|)".contains(c)) {
            Vec::new()
        } else {
            self.word()?
        };
        Ok(Some((name, value)))
    }

    /// One word: literal text, quotes and expansions up to an unquoted separator.
    fn word(&mut self) -> Result<Word, String> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let flush = |lit: &mut String, parts: &mut Word, quoted: bool| {
            if !lit.is_empty() {
                parts.push(Part::Lit { text: std::mem::take(lit), quoted });
            }
        };
        while let Some(c) = self.peek() {
            match c {
                c if is_blank(c) => break,
                ';' | '&' | '|' | '(' | ')' | '<' | '>' => break,
                '\\' => {
                    self.i += 1;
                    match self.peek() {
                        Some('\n') => self.i += 1,
                        Some(n) => {
                            flush(&mut lit, &mut parts, false);
                            parts.push(Part::Lit { text: n.to_string(), quoted: true });
                            self.i += 1;
                        }
                        None => lit.push('\\'),
                    }
                }
                '\'' => {
                    flush(&mut lit, &mut parts, false);
                    self.i += 1;
                    let mut q = String::new();
                    loop {
                        match self.peek() {
                            None => return Err("syntax error: unterminated quoted string".to_string()),
                            Some('\'') => {
                                self.i += 1;
                                break;
                            }
                            Some(ch) => {
                                q.push(ch);
                                self.i += 1;
                            }
                        }
                    }
                    parts.push(Part::Lit { text: q, quoted: true });
                }
                '"' => {
                    flush(&mut lit, &mut parts, false);
                    self.i += 1;
                    let mut q = String::new();
                    // An empty "" still makes a (quoted, empty) word.
                    parts.push(Part::Lit { text: String::new(), quoted: true });
                    loop {
                        match self.peek() {
                            None => return Err("syntax error: unterminated quoted string".to_string()),
                            Some('"') => {
                                self.i += 1;
                                break;
                            }
                            Some('\\') => {
                                self.i += 1;
                                match self.peek() {
                                    Some(n @ ('"' | '\\' | '$' | '`')) => {
                                        q.push(n);
                                        self.i += 1;
                                    }
                                    Some('\n') => self.i += 1,
                                    _ => q.push('\\'),
                                }
                            }
                            Some('$') | Some('`') => {
                                flush(&mut q, &mut parts, true);
                                let p = self.dollar(true)?;
                                parts.push(p);
                            }
                            Some(ch) => {
                                q.push(ch);
                                self.i += 1;
                            }
                        }
                    }
                    flush(&mut q, &mut parts, true);
                }
                '$' | '`' => {
                    flush(&mut lit, &mut parts, false);
                    let p = self.dollar(false)?;
                    parts.push(p);
                }
                _ => {
                    // A run of plain characters at once.
                    let start = self.i;
                    let mut end = start;
                    while self.s.get(end).is_some_and(|&c| !ends_plain_run(c)) {
                        end += 1;
                    }
                    lit.reserve(end - start);
                    for &c in &self.s[start..end] {
                        lit.push(c);
                    }
                    self.i = end;
                }
            }
        }
        flush(&mut lit, &mut parts, false);
        Ok(parts)
    }

    /// An expansion starting at `$` or `` ` ``.
    fn dollar(&mut self, quoted: bool) -> Result<Part, String> {
        if self.peek() == Some('`') {
            self.i += 1;
            let start = self.i;
            while self.peek().is_some_and(|c| c != '`') {
                self.i += 1;
            }
            if self.peek().is_none() {
                return Err("syntax error: unterminated quoted string".to_string());
            }
            let inner: String = self.s[start..self.i].iter().collect();
            self.i += 1;
            let node = self.sub_program(&inner)?;
            return Ok(Part::Sub { node, quoted });
        }
        self.i += 1; // '$'
        match self.peek() {
            Some('(') if self.peek_at(1) == Some('(') => {
                self.deep_enough(1)?;
                self.i += 2;
                let start = self.i;
                let mut depth = 0;
                loop {
                    match self.peek() {
                        None => return Err("syntax error: missing '))'".to_string()),
                        Some('(') => depth += 1,
                        Some(')') if depth > 0 => depth -= 1,
                        Some(')') if self.peek_at(1) == Some(')') => break,
                        _ => {}
                    }
                    self.i += 1;
                }
                let expr = self.nested_word(start, self.i)?;
                self.i += 2;
                Ok(Part::Arith { expr, quoted })
            }
            Some('(') => {
                self.i += 1;
                self.depth += 1;
                self.deep_enough(0)?;
                let node = self.list(&[])?;
                self.depth -= 1;
                self.skip_blank_lines();
                if self.peek() != Some(')') {
                    return Err("syntax error: unterminated $(…)".to_string());
                }
                self.i += 1;
                Ok(Part::Sub { node, quoted })
            }
            Some('{') => {
                // `${a:-${b:-…}}` parses each level's text again: the depth limit bounds the work
                // (and the recursion) as it does for `$(…)`.
                self.deep_enough(1)?;
                self.i += 1;
                let length = self.peek() == Some('#');
                if length {
                    self.i += 1;
                }
                let mut name = String::new();
                while let Some(c) = self.peek() {
                    if c == '_' || c.is_ascii_alphanumeric() || (name.is_empty() && "?#@*$!".contains(c)) {
                        name.push(c);
                        self.i += 1;
                    } else {
                        break;
                    }
                }
                let mut op = None;
                if self.peek() != Some('}') {
                    let colon = self.peek() == Some(':');
                    if colon {
                        self.i += 1;
                    }
                    let Some(o @ ('-' | '=' | '+' | '?')) = self.peek() else {
                        return Err("syntax error: bad substitution".to_string());
                    };
                    self.i += 1;
                    let start = self.i;
                    let mut depth = 0;
                    // Which open braces are `${`, and how deep those nest: a word nested past the
                    // limit is refused before each level parses the text of the next again.
                    let mut opened: Vec<bool> = Vec::new();
                    let (mut nested, mut most) = (0usize, 0usize);
                    while let Some(c) = self.peek() {
                        match c {
                            '{' => {
                                let dollar = self.i > start && self.s[self.i - 1] == '$';
                                opened.push(dollar);
                                if dollar {
                                    nested += 1;
                                    most = most.max(nested);
                                }
                                depth += 1;
                            }
                            '}' if depth == 0 => break,
                            '}' => {
                                depth -= 1;
                                if opened.pop() == Some(true) {
                                    nested -= 1;
                                }
                            }
                            _ => {}
                        }
                        self.i += 1;
                    }
                    self.deep_enough(1 + most)?;
                    let w = self.nested_word(start, self.i)?;
                    op = Some((colon, o, w));
                }
                if self.peek() != Some('}') {
                    return Err("syntax error: bad substitution".to_string());
                }
                self.i += 1;
                Ok(Part::Var { name, op, length, quoted })
            }
            Some(c) if "?#@*$!0123456789".contains(c) => {
                self.i += 1;
                Ok(Part::Var { name: c.to_string(), op: None, length: false, quoted })
            }
            Some(c) if c == '_' || c.is_ascii_alphabetic() => {
                let mut name = String::new();
                while let Some(c) = self.peek() {
                    if c == '_' || c.is_ascii_alphanumeric() {
                        name.push(c);
                        self.i += 1;
                    } else {
                        break;
                    }
                }
                Ok(Part::Var { name, op: None, length: false, quoted })
            }
            _ => Ok(Part::Lit { text: "$".to_string(), quoted }),
        }
    }

    /// Parses `text` as a nested program into this arena (`$(…)` in backquotes).
    /// Refuses to go `levels` deeper than the parser is past [`MAX_DEPTH`].
    fn deep_enough(&self, levels: usize) -> Result<(), String> {
        if self.depth + levels > MAX_DEPTH {
            return Err("syntax error: nesting too deep".to_string());
        }
        Ok(())
    }

    /// The characters `start..end` parsed as a word one level deeper (the inside of `$((…))`, the
    /// word of `${name:-word}`).
    fn nested_word(&self, start: usize, end: usize) -> Result<Word, String> {
        Parser { s: self.s[start..end].to_vec(), i: 0, prog: Program::default(), depth: self.depth + 1 }
            .arith_parts()
    }

    fn sub_program(&mut self, text: &str) -> Result<NodeId, String> {
        let saved_s = std::mem::replace(&mut self.s, text.chars().collect());
        let saved_i = std::mem::replace(&mut self.i, 0);
        let r = self.list(&[]);
        self.s = saved_s;
        self.i = saved_i;
        r
    }

    /// Text with `$` expansions but no word splitting (arithmetic and `${X:-word}` bodies).
    fn arith_parts(mut self) -> Result<Word, String> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        while let Some(c) = self.peek() {
            match c {
                '$' => {
                    if !lit.is_empty() {
                        parts.push(Part::Lit { text: std::mem::take(&mut lit), quoted: true });
                    }
                    let p = self.dollar(true)?;
                    if let Part::Sub { .. } = p {
                        // Nested command substitutions in these positions are not supported.
                        return Err("syntax error: command substitution not supported here".to_string());
                    }
                    parts.push(p);
                }
                '"' | '\'' => self.i += 1,
                c => {
                    lit.push(c);
                    self.i += 1;
                }
            }
        }
        if !lit.is_empty() {
            parts.push(Part::Lit { text: lit, quoted: true });
        }
        Ok(parts)
    }
}

/// A valid shell variable or function name.
pub fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c == '_' || c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// A character that ends a run of plain word characters: a blank, an operator, a quote or an
/// expansion.
fn ends_plain_run(c: char) -> bool {
    is_blank(c) || matches!(c, ';' | '&' | '|' | '(' | ')' | '<' | '>' | '\\' | '\'' | '"' | '$' | '`')
}

/// The blanks that separate words: space, tab, newline (and a stray carriage return). Other Unicode
/// spaces (a no-break space pasted from a web page) are part of a word, as in sh.
fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_scripts() {
        for s in [
            "touch /tmp/healthy; sleep 30; rm -rf /tmp/healthy; sleep 600",
            "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done",
            "while true; do sleep 1; date > /app/index.html; done;",
            "echo The app is running! && sleep 3600",
            "if [ -f /x ]; then echo a; elif test -d /y; then :; else exit 3; fi",
            "for i in 1 2 3; do echo $i >> /tmp/log; done",
            "f() { echo hi; }; f",
            "trap 'exit 0' TERM; sleep 3600 & wait",
            "i=0; while [ $i -lt 3 ]; do i=$((i+1)); done",
            "echo \"a ${X:-default} b\" | cat > /dev/null 2>&1",
            "(cd /tmp && ls) || exit 1",
        ] {
            let p = parse(s);
            assert!(p.is_ok(), "{s}: {p:?}");
        }
    }

    /// The command-start checks that build no word: keywords, function definitions (even one
    /// named like a keyword), assignments and words that only start like a keyword.
    #[test]
    fn command_starts_are_told_apart_without_building_words() {
        let names = |src: &str| -> Vec<String> {
            let p = parse(src).expect(src);
            p.nodes
                .iter()
                .filter_map(|n| match n {
                    Node::FuncDef { name, .. } => Some(format!("func {name}")),
                    Node::Simple { assigns, words, .. } => Some(format!(
                        "simple {}|{}",
                        assigns.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(","),
                        words.len()
                    )),
                    Node::If { .. } => Some("if".to_string()),
                    Node::Loop { until, .. } => Some(format!("loop until={until}")),
                    Node::For { var, .. } => Some(format!("for {var}")),
                    Node::Group { subshell, .. } => Some(format!("group subshell={subshell}")),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            names("function() { echo; }; function x() { :; }"),
            [
                "simple |1",
                "group subshell=false",
                "func function",
                "simple |1",
                "group subshell=false",
                "func x"
            ]
        );
        assert_eq!(
            parse("function() { echo; }; function"),
            Err("syntax error: unexpected end of file".to_string())
        );
        assert_eq!(names("function f { :; }"), ["simple |1", "group subshell=false", "func f"]);
        assert_eq!(names("iffy; done_x a; fi2=3 thenx"), ["simple |1", "simple |2", "simple fi2|1"]);
        assert_eq!(names("a=1 b_2= echo x=y; 1x=3; =x"), ["simple a,b_2|2", "simple |1", "simple |1"]);
        assert_eq!(
            names("until f; do :; done; for i in 1; do :; done"),
            ["simple |1", "simple |1", "loop until=true", "simple |1", "for i"]
        );
        assert_eq!(
            names("{ :; }; ( : )"),
            ["simple |1", "group subshell=false", "simple |1", "group subshell=true"]
        );
        assert_eq!(parse("é=1 ünï"), Ok(parse("é=1 ünï").expect("parses")));
        assert_eq!(parse("then"), Err("syntax error: unexpected \"then\"".to_string()));
        assert_eq!(parse("echo; done"), Err("syntax error: unexpected \"done\"".to_string()));
    }

    #[test]
    fn nested_parameter_defaults_and_arithmetic_share_the_depth_limit() {
        let nested = |n: usize| format!("echo {}x{}", "${a:-".repeat(n), "}".repeat(n));
        assert!(parse(&nested(MAX_DEPTH - 1)).is_ok());
        assert_eq!(parse(&nested(MAX_DEPTH + 1)), Err("syntax error: nesting too deep".to_string()));
        let arith = |n: usize| format!("echo {}1{}", "$((".repeat(n), "))".repeat(n));
        assert!(parse(&arith(MAX_DEPTH - 1)).is_ok());
        assert_eq!(parse(&arith(MAX_DEPTH + 1)), Err("syntax error: nesting too deep".to_string()));
    }

    #[test]
    fn syntax_errors_are_reported() {
        assert_eq!(parse("if true; then echo x"), Err("syntax error: unexpected end of file".to_string()));
        assert_eq!(parse("echo x; fi"), Err("syntax error: unexpected \"fi\"".to_string()));
        assert!(parse("echo 'unterminated").is_err());
    }
}
