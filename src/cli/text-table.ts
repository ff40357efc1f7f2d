interface TextTable {
  /** The column titles and a rule of dashes under them. */
  readonly header: readonly [string, string];
  /** One line per row, in the rows' order. */
  readonly lines: readonly string[];
}

/**
 * A fixed-width table for the terminal: each column as wide as its widest cell, two spaces apart, the
 * first `leftColumns` columns (names) padded on the right and the rest (numbers) aligned right.
 */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[], leftColumns: number): TextTable {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i < leftColumns ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return { header: [line(head), line(widths.map((w) => '-'.repeat(w)))], lines: rows.map(line) };
}
