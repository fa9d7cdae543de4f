import { describe, expect, it } from 'vitest';
import { displayWidth, formatTable, stripAnsi, styleFor } from '../../src/terminal';

const ROWS = [
  ['item', 'quantity', 'USD / month'],
  ['Interface endpoint ecr.api, 2 AZs', '1460', '14.60'],
  ['Fargate web, 2 tasks of 0.5 vCPU / 1 GB', '1460', '36.04'],
  ['total', '', '314.93'],
];

describe('formatTable', () => {
  it('aligns columns, numbers to the right, and pads nothing at the end of a line', () => {
    expect(formatTable(ROWS, { header: true, align: ['left', 'right', 'right'] })).toEqual([
      'item                                     quantity  USD / month',
      'Interface endpoint ecr.api, 2 AZs            1460        14.60',
      'Fargate web, 2 tasks of 0.5 vCPU / 1 GB      1460        36.04',
      'total                                                   314.93',
    ]);
  });

  it('fits a width by wrapping text cells at word boundaries; numbers stay whole and aligned', () => {
    const lines = formatTable(ROWS, { header: true, align: ['left', 'right', 'right'], width: 50, rule: true });
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(50);
    expect(lines).toEqual([
      'item                         quantity  USD / month',
      '──────────────────────────────────────────────────',
      'Interface endpoint ecr.api,      1460        14.60',
      '2 AZs',
      'Fargate web, 2 tasks of 0.5      1460        36.04',
      'vCPU / 1 GB',
      'total                                       314.93',
    ]);
  });

  it('emphasises the header and strong rows on the text only, and measures without the codes', () => {
    const lines = formatTable(ROWS, { header: true, align: ['left', 'right', 'right'], strong: [3], style: styleFor(true) });
    expect(lines[0].startsWith('\x1b[1mitem\x1b[22m ')).toBe(true);
    expect(lines[3]).toContain('\x1b[1m314.93\x1b[22m');
    expect(lines.map(stripAnsi)).toEqual(formatTable(ROWS, { header: true, align: ['left', 'right', 'right'] }));
  });

  it('indents every line', () => {
    expect(
      formatTable(
        [
          ['a', 'b'],
          ['cc', 'd'],
        ],
        { indent: '  ' },
      ),
    ).toEqual(['  a   b', '  cc  d']);
  });
});
