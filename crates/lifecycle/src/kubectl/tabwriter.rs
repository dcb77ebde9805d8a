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
    lines: Vec<Vec<String>>,
    partial: String,
    out: String,
}

impl TabWriter {
    /// Like Go's `tabwriter.NewWriter(out, minwidth, tabwidth, padding, ' ', flags)` with space padding.
    pub fn new(min_width: usize, padding: usize, remember_widths: bool) -> Self {
        TabWriter {
            min_width,
            padding,
            remember_widths,
            max_widths: Vec::new(),
            lines: Vec::new(),
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
        for ch in text.chars() {
            if ch == '\n' {
                let line = std::mem::take(&mut self.partial);
                self.lines.push(line.split('\t').map(str::to_string).collect());
            } else {
                self.partial.push(ch);
            }
        }
    }

    /// Formats the buffered complete lines (and a trailing partial line) into the output.
    pub fn flush(&mut self) {
        if !self.partial.is_empty() {
            let line = std::mem::take(&mut self.partial);
            self.lines.push(line.split('\t').map(str::to_string).collect());
            let lines = std::mem::take(&mut self.lines);
            self.format_all(&lines, false);
        } else {
            let lines = std::mem::take(&mut self.lines);
            self.format_all(&lines, true);
        }
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

    fn format_all(&mut self, lines: &[Vec<String>], newline_last: bool) {
        let mut widths = Vec::new();
        let mut text = String::new();
        self.format(&mut widths, lines, 0, lines.len(), &mut text);
        if !newline_last && text.ends_with('\n') {
            text.pop();
        }
        self.out.push_str(&text);
    }

    fn format(
        &mut self,
        widths: &mut Vec<usize>,
        lines: &[Vec<String>],
        line0: usize,
        line1: usize,
        out: &mut String,
    ) {
        let column = widths.len();
        let mut start = line0;
        let mut this = line0;
        while this < line1 {
            if column + 1 >= lines[this].len() {
                this += 1;
                continue;
            }
            // A block of lines with a cell in this column begins here.
            write_lines(widths, &lines[start..this], out);
            start = this;
            let mut width = self.min_width;
            while this < line1 && column + 1 < lines[this].len() {
                width = width.max(lines[this][column].chars().count() + self.padding);
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
        write_lines(widths, &lines[start..line1], out);
    }
}

fn write_lines(widths: &[usize], lines: &[Vec<String>], out: &mut String) {
    for line in lines {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j + 1 < line.len() {
                if let Some(w) = widths.get(j) {
                    let n = cell.chars().count();
                    out.extend(std::iter::repeat_n(' ', w.saturating_sub(n)));
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
