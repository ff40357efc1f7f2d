import { describe, expect, it } from 'vitest';
import { textTable } from '../../src/cli/text-table.ts';

describe('textTable', () => {
  it('pads name columns on the right, aligns number columns right, and sizes each column to its widest cell', () => {
    const table = textTable(
      ['rule', 'version', 'fired'],
      [
        ['ctc-a', '1.0.0', '7'],
        ['ctc-long-name', '2', '1234567'],
      ],
      2,
    );
    expect(table.header).toEqual(['rule           version    fired', '-------------  -------  -------']);
    expect(table.lines).toEqual(['ctc-a          1.0.0          7', 'ctc-long-name  2        1234567']);
  });

  it('trims trailing spaces when the last column is a name', () => {
    expect(textTable(['a', 'name'], [['1', 'x']], 2).lines).toEqual(['1  x']);
  });
});
