/** The cost estimate as Markdown: the generated README's "Monthly cost" section. */
import { COST_COLUMNS, costDocument, type CostBlock, type CostRow } from './document';
import type { CostEstimate } from './estimate';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function row(cells: readonly string[]): string {
  return `|${cells.map((c) => (c ? ` ${cell(c)} ` : ' ')).join('|')}|`;
}

function costRow(r: CostRow): string {
  if (r.total !== true) return row([r.item, r.quantity, r.unit, r.usd]);
  return row([`**${r.item}**`, r.quantity, r.unit, `**${r.usd}**${r.note !== undefined ? ` ${r.note}` : ''}`]);
}

function block(b: CostBlock): string[] {
  switch (b.kind) {
    case 'paragraph':
      return [b.text];
    case 'list':
      return b.items.map((i) => `- ${i}`);
    case 'table':
      return [`| ${COST_COLUMNS.join(' | ')} |`, '|---|---:|---|---:|', ...b.rows.map(costRow)];
  }
}

/** The estimate as Markdown. Deterministic; ends with a newline. */
export function formatCostTable(estimate: CostEstimate): string {
  return (
    costDocument(estimate)
      .map((b) => block(b).join('\n'))
      .join('\n\n') + '\n'
  );
}
