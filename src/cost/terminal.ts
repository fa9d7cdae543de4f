/**
 * The cost estimate for a terminal: `npx projen cost` in a generated repository prints the
 * whole of it, aligned and wrapped to the terminal's width, and the CLI prints its three
 * lines after writing a repository.
 */
import { formatTable, inlineMarkdown, PLAIN, styleFor, wrapLine, type Style, type TextOutput } from '../terminal';
import { COST_COLUMNS, costDocument, type CostBlock } from './document';
import type { CostEstimate } from './estimate';
import { formatUsd, signedUsd } from './money';

function block(b: CostBlock, output: TextOutput): string[] {
  const style = styleFor(output.color);
  const width = output.columns === undefined ? undefined : output.columns - 1;
  const wrap = (text: string, indent: string) => (width === undefined ? [text] : wrapLine(text, width, { indent }));
  switch (b.kind) {
    case 'paragraph':
      return wrap(inlineMarkdown(b.text, style), '');
    case 'list':
      return b.items.flatMap((i) => wrap(`- ${inlineMarkdown(i, style)}`, '  '));
    case 'table': {
      const rows = b.rows.map((r) => [inlineMarkdown(r.item, style), r.quantity, r.unit, r.note !== undefined ? `${r.usd} ${r.note}` : r.usd]);
      const strong = b.rows.flatMap((r, i) => (r.total === true ? [i + 1] : []));
      return formatTable([[...COST_COLUMNS], ...rows], {
        header: true,
        rule: width !== undefined,
        align: ['left', 'right', 'left', 'right'],
        strong,
        style,
        ...(width !== undefined ? { width } : {}),
      });
    }
  }
}

/**
 * The whole estimate, as `npx projen cost` prints it: on a terminal, tables aligned,
 * emphasis in the terminal's means (never where colour is off) and prose wrapped at word
 * boundaries; in a pipe, the same aligned text, unwrapped, and without escape codes
 * unless FORCE_COLOR asks for them.
 * Ends with a newline.
 */
export function formatCostForTerminal(estimate: CostEstimate, output: TextOutput): string {
  return (
    costDocument(estimate)
      .map((b) => block(b, output).join('\n'))
      .join('\n\n') + '\n'
  );
}

/**
 * The estimate in three lines: the total, the difference against NAT gateways, and the
 * command that prints the whole of it.
 */
export function costSummary(estimate: CostEstimate, style: Style = PLAIN): string[] {
  const nat = estimate.natAlternative;
  return [
    `Estimated baseline: ${style.bold(`${formatUsd(estimate.totalUsd)} USD`)} a month (${estimate.region} list prices, profile ${estimate.profile}; traffic is charged on top).`,
    `With NAT gateways instead of the VPC endpoints: ${formatUsd(nat.totalUsd)} USD a month (${signedUsd(nat.differenceUsd)}).`,
    `The full table: ${style.code('npx projen cost')} (after npm install), or README.md.`,
  ];
}
