//! A port of the column algorithm of Go's `text/tabwriter` (as forked by kubectl in
//! `github.com/liggitt/tabwriter`, which adds `RememberWidths`).
//!
//! Text is split into tab-terminated cells; the text after a line's last tab is not part of any column.
//! A column block is a run of consecutive lines that all have a cell in that column, so a line with
//! fewer cells (e.g. one without any tab) ends the blocks to its right. Widths count characters, like
//! Go's rune count. Only left alignment with a space pad character is supported (all kubectl uses).

/// A buffering tab writer; call [`TabWriter::flush`] to format what was written so far.
#[derive(Debug, Clone)]
pub struct TabWriter {
    min_width: usize,
    padding: usize,
    remember_widths: bool,
    max_widths: Vec<usize>,
    lines: Lines,
    partial: String,
    out: String,
}

/// The complete lines buffered so far: every cell's text in one buffer (a long `kubectl get -w` or
/// events table has tens of thousands of cells; one allocation each made writing them the cost).
#[derive(Debug, Clone, Default)]
struct Lines {
    text: String,
    cells: Vec<Cell>,
    /// Per line, the end of its cells in `cells` (a line starts where the one before ended).
    ends: Vec<usize>,
}

#[derive(Debug, Clone, Copy)]
struct Cell {
    start: usize,
    end: usize,
    /// Characters, like Go's rune count.
    width: usize,
}

impl Lines {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn line(&self, i: usize) -> &[Cell] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.cells[start..self.ends[i]]
    }

    fn cell_count(&self, i: usize) -> usize {
        self.line(i).len()
    }

    fn push_line(&mut self, line: &str) {
        for cell in line.split('\t') {
            let start = self.text.len();
            self.text.push_str(cell);
            let width = if cell.is_ascii() { cell.len() } else { cell.chars().count() };
            self.cells.push(Cell { start, end: self.text.len(), width });
        }
        self.ends.push(self.cells.len());
    }
}

impl TabWriter {
    /// Like Go's `tabwriter.NewWriter(out, minwidth, tabwidth, padding, ' ', flags)` with space padding.
    pub fn new(min_width: usize, padding: usize, remember_widths: bool) -> Self {
        TabWriter {
            min_width,
            padding,
            remember_widths,
            max_widths: Vec::new(),
            lines: Lines::default(),
            partial: String::new(),
            out: String::new(),
        }
    }

    /// kubectl describe's writer: `tabwriter.NewWriter(buf, 0, 8, 2, ' ', 0)`.
    pub fn describe() -> Self {
        TabWriter::new(0, 2, false)
    }

    /// kubectl get's writer: minwidth 6, padding 3, `RememberWidths` (cli-runtime `printers.GetNewTabWriter`).
    pub fn table() -> Self {
        TabWriter::new(6, 3, true)
    }

    /// Appends text; lines end at `\n`, cells at `\t`.
    pub fn write_str(&mut self, text: &str) {
        let mut rest = text;
        while let Some(i) = rest.find('\n') {
            if self.partial.is_empty() {
                self.lines.push_line(&rest[..i]);
            } else {
                self.partial.push_str(&rest[..i]);
                let line = std::mem::take(&mut self.partial);
                self.lines.push_line(&line);
            }
            rest = &rest[i + 1..];
        }
        self.partial.push_str(rest);
    }

    /// Formats the buffered complete lines (and a trailing partial line) into the output.
    pub fn flush(&mut self) {
        let newline_last = self.partial.is_empty();
        if !newline_last {
            let line = std::mem::take(&mut self.partial);
            self.lines.push_line(&line);
        }
        let lines = std::mem::take(&mut self.lines);
        self.format_all(&lines, newline_last);
    }

    /// Flushes and returns everything formatted so far.
    pub fn finish(mut self) -> String {
        self.flush();
        self.out
    }

    /// Takes the formatted output accumulated so far (after a flush), keeping remembered widths.
    pub fn take_output(&mut self) -> String {
        std::mem::take(&mut self.out)
    }

    fn format_all(&mut self, lines: &Lines, newline_last: bool) {
        let mut widths = Vec::new();
        let mut text = std::mem::take(&mut self.out);
        let before = text.len();
        text.reserve(lines.text.len() + 2 * lines.cells.len() + lines.len());
        self.format(&mut widths, lines, 0, lines.len(), &mut text);
        if !newline_last && text.len() > before && text.ends_with('\n') {
            text.pop();
        }
        self.out = text;
    }

    fn format(
        &mut self,
        widths: &mut Vec<usize>,
        lines: &Lines,
        line0: usize,
        line1: usize,
        out: &mut String,
    ) {
        let column = widths.len();
        let mut start = line0;
        let mut this = line0;
        while this < line1 {
            if column + 1 >= lines.cell_count(this) {
                this += 1;
                continue;
            }
            // A block of lines with a cell in this column begins here.
            write_lines(widths, lines, start, this, out);
            start = this;
            let mut width = self.min_width;
            while this < line1 && column + 1 < lines.cell_count(this) {
                width = width.max(lines.line(this)[column].width + self.padding);
                this += 1;
            }
            if self.remember_widths {
                match self.max_widths.get_mut(column) {
                    Some(w) if *w > width => width = *w,
                    Some(w) => *w = width,
                    None => {
                        self.max_widths.resize(column, 0);
                        self.max_widths.push(width);
                    }
                }
            }
            widths.push(width);
            self.format(widths, lines, start, this, out);
            widths.pop();
            start = this;
        }
        write_lines(widths, lines, start, line1, out);
    }
}

fn write_lines(widths: &[usize], lines: &Lines, from: usize, to: usize, out: &mut String) {
    const SPACES: &str = "                                                                ";
    for i in from..to {
        let line = lines.line(i);
        for (j, cell) in line.iter().enumerate() {
            out.push_str(&lines.text[cell.start..cell.end]);
            if j + 1 < line.len() {
                if let Some(w) = widths.get(j) {
                    let mut pad = w.saturating_sub(cell.width);
                    while pad > 0 {
                        let n = pad.min(SPACES.len());
                        out.push_str(&SPACES[..n]);
                        pad -= n;
                    }
                }
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_without_tabs_break_blocks() {
        let mut w = TabWriter::describe();
        w.write_str("Name:\tx\nNamespace:\tdefault\nIPs:\n  IP:\t1.2.3.4\nControlled By:\tRS/a\n");
        assert_eq!(
            w.finish(),
            "Name:       x\nNamespace:  default\nIPs:\n  IP:           1.2.3.4\nControlled By:  RS/a\n"
        );
    }

    #[test]
    fn nested_columns() {
        let mut w = TabWriter::table();
        w.write_str("NAME\tREADY\tAGE\nnginx\t1/1\t5s\n");
        assert_eq!(w.finish(), "NAME    READY   AGE\nnginx   1/1     5s\n");
    }
}
