//! Human tables, drawn with comfy-table and fitted to a width: columns that
//! hold titles give way (cut with `…`), columns that hold ids, counts and dates
//! never do. Cells hold raw text: it is escaped here, where it leaves for the
//! terminal, and painted only when the [`Ui`] has colour.

use std::io::Write;

use comfy_table::{
    Attribute, Cell as Drawn, CellAlignment, Color, ColumnConstraint, ContentArrangement, Row,
    Table as Drawer, Width, presets,
};

use crate::error::Result;
use crate::ui::{self, Ui};

/// How a cell is painted when there is colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Bold,
    Dim,
    Green,
    Yellow,
    Red,
    Cyan,
}

/// One cell: raw text and how to paint it.
#[derive(Debug, Clone)]
pub struct Cell {
    text: String,
    style: Style,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            style: Style::Plain,
        }
    }
    pub fn styled(text: impl Into<String>, style: Style) -> Cell {
        Cell {
            text: text.into(),
            style,
        }
    }
}

impl Cell {
    /// The cell's width on screen, escaped as it will be drawn.
    pub fn width(&self) -> usize {
        ui::width(&ui::escape(&self.text))
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::new(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::new(text)
    }
}

/// A column: whether it may be cut to fit, its alignment, the blanks after it.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Titles and other prose: cut with `…` when the line is too long, down to
    /// `min` cells. Ids, counts and dates are never cut.
    pub cut: bool,
    pub min: usize,
    pub right: bool,
    /// Blanks between this column and the next.
    pub gap: usize,
}

impl Column {
    /// A column kept whole (ids, counts, dates), two blanks after it.
    pub const fn keep() -> Column {
        Column {
            cut: false,
            min: 0,
            right: false,
            gap: 2,
        }
    }
    /// A column of prose that gives way to fit, down to `min` cells.
    pub const fn cut(min: usize) -> Column {
        Column {
            cut: true,
            min,
            right: false,
            gap: 2,
        }
    }
    pub const fn right(self) -> Column {
        Column {
            right: true,
            ..self
        }
    }
    pub const fn gap(self, gap: usize) -> Column {
        Column { gap, ..self }
    }
}

/// A table: its columns, an optional header, its rows, and a left margin.
#[derive(Debug, Clone)]
pub struct Table {
    columns: Vec<Column>,
    indent: usize,
    header: Option<Vec<Cell>>,
    rows: Vec<Vec<Cell>>,
    /// The widest cell of each column among the rows measured and not kept.
    measured: Vec<usize>,
}

impl Table {
    pub fn new(columns: &[Column]) -> Table {
        Table {
            columns: columns.to_vec(),
            indent: 0,
            header: None,
            rows: Vec::new(),
            measured: vec![0; columns.len()],
        }
    }

    /// Blanks before every line.
    pub fn indent(mut self, indent: usize) -> Table {
        self.indent = indent;
        self
    }

    /// A dim header line, its cells above their columns.
    pub fn header(mut self, cells: &[&str]) -> Table {
        self.header = Some(cells.iter().map(|c| Cell::styled(*c, Style::Dim)).collect());
        self
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    /// Count a row in the widths without keeping it: a table too long to hold
    /// is measured whole, then drawn in blocks of rows at the widths it fits.
    pub fn measure(&mut self, cells: &[Cell]) {
        for (w, cell) in self.measured.iter_mut().zip(cells) {
            *w = (*w).max(cell.width());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Each column's widest cell (escaped text, in terminal cells).
    pub fn content_widths(&self) -> Vec<usize> {
        let mut widths = self.measured.clone();
        for row in self.header.iter().chain(&self.rows) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        widths
    }

    /// The widths that fit `width` cells: as wide as the content, the columns
    /// that may be cut giving way (the widest first) down to their minimum.
    pub fn fit(&self, width: usize) -> Vec<usize> {
        fit(&self.columns, &self.content_widths(), self.indent, width)
    }

    /// Whether the table fits `width` cells with its prose columns at their
    /// minimums or wider: where it does not, a caller drops a column.
    pub fn fits(&self, width: usize) -> bool {
        let content = self.content_widths();
        let least: usize = self
            .columns
            .iter()
            .zip(&content)
            .map(|(c, &w)| if c.cut { w.min(c.min) } else { w })
            .sum();
        self.indent + self.gaps() + least <= width
    }

    /// The cells a line takes at these column widths.
    pub fn line_width(&self, widths: &[usize]) -> usize {
        self.indent + self.gaps() + widths.iter().sum::<usize>()
    }

    /// The cells a line takes with nothing cut.
    pub fn natural_width(&self) -> usize {
        self.indent + self.gaps() + self.content_widths().iter().sum::<usize>()
    }

    fn gaps(&self) -> usize {
        gaps(&self.columns)
    }

    /// Widths that fit `width` for several tables with the same columns drawn
    /// one under another (groups under their headings), so they line up.
    pub fn fit_together(tables: &[&Table], width: usize) -> Vec<usize> {
        let Some(first) = tables.first() else {
            return Vec::new();
        };
        let mut content = vec![0; first.columns.len()];
        for table in tables {
            for (w, c) in content.iter_mut().zip(table.content_widths()) {
                *w = (*w).max(c);
            }
        }
        fit(&first.columns, &content, first.indent, width)
    }

    /// Draw with the widths [`Table::fit`] gives for the `ui`'s width.
    pub fn write(&self, ui: &Ui, out: &mut dyn Write) -> Result<()> {
        let widths = self.fit(ui.width);
        self.write_with(ui, &widths, out)
    }

    /// Draw with the given column widths (so several tables can line up).
    pub fn write_with(&self, ui: &Ui, widths: &[usize], out: &mut dyn Write) -> Result<()> {
        if self.rows.is_empty() && self.header.is_none() {
            return Ok(());
        }
        // At fixed widths each line is drawn from its own row alone, so a long
        // table (a log of years, 100,000 items) is drawn a block of rows at a
        // time: the drawer's copy of every cell is never held at once.
        let mut blocks = self.rows.chunks(ROWS_PER_BLOCK);
        self.write_block(
            ui,
            widths,
            self.header.as_deref(),
            blocks.next().unwrap_or(&[]),
            out,
        )?;
        for rows in blocks {
            self.write_block(ui, widths, None, rows, out)?;
        }
        Ok(())
    }

    fn write_block(
        &self,
        ui: &Ui,
        widths: &[usize],
        header: Option<&[Cell]>,
        rows: &[Vec<Cell>],
        out: &mut dyn Write,
    ) -> Result<()> {
        let mut table = Drawer::new();
        table
            .load_style(presets::NOTHING)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_truncation_indicator("…")
            .force_no_tty();
        if ui.color {
            table.enforce_styling().style_text_only();
        }
        // Prose is cut here, by the character, to the width fitted for it.
        let cut: Vec<Option<usize>> = self
            .columns
            .iter()
            .zip(widths)
            .map(|(c, &w)| c.cut.then_some(w))
            .collect();
        let drawn = |cells: &[Cell]| {
            let mut row = Row::from(
                cells
                    .iter()
                    .zip(cut.iter().chain(std::iter::repeat(&None)))
                    .map(|(c, cut)| paint(c, *cut, ui.color)),
            );
            row.max_height(1);
            row
        };
        if let Some(header) = header {
            table.set_header(drawn(header));
        }
        for row in rows {
            table.add_row(drawn(row));
        }
        for (k, column) in self.columns.iter().enumerate() {
            let Some(c) = table.column_mut(k) else {
                continue;
            };
            let gap = if k + 1 == self.columns.len() {
                0
            } else {
                column.gap
            };
            c.set_padding((0, clamp16(gap)));
            // comfy-table counts the padding in a fixed width.
            let w = widths.get(k).copied().unwrap_or(1).max(1) + gap;
            c.set_constraint(ColumnConstraint::Absolute(Width::Fixed(clamp16(w))));
            if column.right {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        let margin = " ".repeat(self.indent);
        for line in table.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                writeln!(out)?;
            } else {
                writeln!(out, "{margin}{line}")?;
            }
        }
        Ok(())
    }
}

/// Rows drawn at a time by [`Table::write_with`].
pub const ROWS_PER_BLOCK: usize = 256;

fn clamp16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// The column widths for `content` within `width` cells (after `indent`): the
/// columns that may be cut shrink, widest first, until the line fits or each
/// is at its minimum; the others keep their content's width.
pub fn fit(columns: &[Column], content: &[usize], indent: usize, width: usize) -> Vec<usize> {
    let mut widths = content.to_vec();
    let gaps = gaps(columns);
    // First down to each column's minimum; where even that is too long (a very
    // long id), further, to a few cells, rather than cut an id or wrap the line.
    for floor in [None, Some(FLOOR)] {
        let min = |k: usize| floor.unwrap_or(columns[k].min).min(content[k]);
        loop {
            let total = indent + gaps + widths.iter().sum::<usize>();
            if total <= width {
                return widths;
            }
            let widest = (0..columns.len())
                .filter(|&k| columns[k].cut && widths[k] > min(k))
                .max_by_key(|&k| (widths[k], std::cmp::Reverse(k)));
            let Some(k) = widest else {
                break;
            };
            // Down to the next widest column that may be cut, or just enough; a
            // tie shrinks one cell at a time, so tied columns share the loss.
            let over = total - width;
            let next = (0..columns.len())
                .filter(|&j| j != k && columns[j].cut)
                .map(|j| widths[j])
                .max()
                .unwrap_or(0)
                .max(min(k));
            widths[k] = if next >= widths[k] {
                widths[k] - 1
            } else {
                widths[k].saturating_sub(over).max(next)
            };
        }
    }
    widths
}

/// The blanks between columns on a line.
fn gaps(columns: &[Column]) -> usize {
    columns
        .iter()
        .take(columns.len().saturating_sub(1))
        .map(|c| c.gap)
        .sum()
}

/// The least a cut column is given: a character or two and the `…`.
const FLOOR: usize = 4;

fn paint(cell: &Cell, cut: Option<usize>, color: bool) -> Drawn {
    let text = ui::escape(&cell.text);
    let drawn = Drawn::new(match cut {
        Some(w) => ui::truncate(&text, w),
        None => text,
    });
    // Nothing to paint in an empty cell: no codes, so the line's blanks trim.
    if !color || cell.text.is_empty() {
        return drawn;
    }
    match cell.style {
        Style::Plain => drawn,
        Style::Bold => drawn.add_attribute(Attribute::Bold),
        Style::Dim => drawn.add_attribute(Attribute::Dim),
        Style::Green => drawn.fg(Color::DarkGreen),
        Style::Yellow => drawn.fg(Color::DarkYellow),
        Style::Red => drawn.fg(Color::DarkRed),
        Style::Cyan => drawn.fg(Color::DarkCyan),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(width: usize) -> Ui {
        Ui {
            color: false,
            width,
        }
    }

    fn drawn(table: &Table, width: usize) -> String {
        let mut out = Vec::new();
        table.write(&plain(width), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn sample() -> Table {
        let mut t = Table::new(&[Column::keep(), Column::cut(8), Column::keep().right()])
            .indent(2)
            .header(&["Id", "Title", "Done"]);
        t.row(vec![
            "a-rather-long-identifier".into(),
            "A title that goes on and on and on".into(),
            "3/4".into(),
        ]);
        t.row(vec!["x".into(), "Short".into(), "10/12".into()]);
        t
    }

    #[test]
    fn a_table_that_fits_keeps_its_content_and_lines_up() {
        let out = drawn(&sample(), 100);
        assert_eq!(
            out,
            "  Id                        Title                                Done\n  \
             a-rather-long-identifier  A title that goes on and on and on    3/4\n  \
             x                         Short                               10/12\n"
        );
    }

    #[test]
    fn titles_give_way_and_ids_never_do() {
        for width in [43, 50, 60] {
            let out = drawn(&sample(), width);
            for line in out.lines() {
                assert!(ui::width(line) <= width, "{width}: {line:?}\n{out}");
            }
            assert!(out.contains("a-rather-long-identifier"), "{out}");
            assert!(out.contains('…'), "{out}");
        }
        // Too narrow for even the minimum: the id stays whole, the line is longer.
        let out = drawn(&sample(), 20);
        assert!(out.contains("a-rather-long-identifier"), "{out}");
    }

    #[test]
    fn fit_shrinks_the_widest_prose_first() {
        let columns = [Column::cut(4), Column::keep(), Column::cut(4)];
        assert_eq!(fit(&columns, &[20, 5, 10], 0, 100), vec![20, 5, 10]);
        assert_eq!(fit(&columns, &[20, 5, 10], 0, 29), vec![10, 5, 10]);
        assert_eq!(fit(&columns, &[20, 5, 10], 0, 23), vec![7, 5, 7]);
        assert_eq!(fit(&columns, &[20, 5, 10], 0, 5), vec![4, 5, 4]);
        // Below the minimums, to the floor, an id never.
        let columns = [Column::keep(), Column::cut(10)];
        assert_eq!(fit(&columns, &[60, 30], 0, 70), vec![60, 8]);
        assert_eq!(fit(&columns, &[60, 30], 0, 20), vec![60, 4]);
    }

    #[test]
    fn a_long_table_is_drawn_in_blocks_as_it_would_be_whole() {
        for color in [false, true] {
            let ui = Ui { color, width: 70 };
            let mut t = Table::new(&[Column::keep(), Column::cut(6), Column::keep().right()])
                .indent(1)
                .header(&["Id", "Title", "N"]);
            for i in 0..(3 * ROWS_PER_BLOCK + 7) {
                let title = "word ".repeat(i % 17);
                let last = if i % 5 == 0 {
                    String::new()
                } else {
                    i.to_string()
                };
                t.row(vec![
                    Cell::styled(format!("id-{i}"), Style::Cyan),
                    title.trim_end().into(),
                    last.into(),
                ]);
            }
            let widths = t.fit(ui.width);
            let mut blocks = Vec::new();
            t.write_with(&ui, &widths, &mut blocks).unwrap();
            let mut whole = Vec::new();
            t.write_block(&ui, &widths, t.header.as_deref(), &t.rows, &mut whole)
                .unwrap();
            assert_eq!(
                String::from_utf8(blocks).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }

    #[test]
    fn text_from_files_is_escaped() {
        let mut t = Table::new(&[Column::keep(), Column::cut(4)]);
        t.row(vec!["a\x1b[2Jb".into(), "t\x07".into()]);
        let out = drawn(&t, 80);
        assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
        assert!(out.contains("a\\u{1b}[2Jb"), "{out}");
    }
}
