/**
 * The estimate as Markdown: the table the generated README, `npx projen cost` and the
 * CLI's summary print.
 */
import type { CostEstimate, PerGbCharge } from './estimate';
import { formatUnitPrice, formatUsd, num, roundCents } from './money';

function signedUsd(usd: number): string {
  return usd < 0 ? `-${formatUsd(-usd)}` : `+${formatUsd(usd)}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function row(item: string, quantity: string, unit: string, usd: string): string {
  return `|${[item, quantity, unit, usd].map((c) => (c ? ` ${cell(c)} ` : ' ')).join('|')}|`;
}

const APPLIES_TO: Readonly<Record<PerGbCharge['appliesTo'], string>> = {
  both: 'either layout',
  endpoints: 'with the interface endpoints',
  nat: 'with NAT gateways instead',
};

const HEADER = ['| item | quantity | unit | USD / month |', '|---|---:|---|---:|'];

/**
 * The estimate as Markdown: the generated layout's line items and total, the NAT
 * alternative, the per-GB charges and what is left out. Deterministic; ends with a newline.
 */
export function formatCostTable(estimate: CostEstimate): string {
  const { natAlternative: nat } = estimate;
  const lines: string[] = [];

  lines.push(
    `Estimated baseline in USD per month: ${estimate.region} on-demand list prices taken ` +
      `${estimate.pricesTakenOn}, ${estimate.hoursPerMonth} hours a month, profile \`${estimate.profile}\`. ` +
      'These are estimates, not a quote: region, usage, free tiers, Savings Plans and price ' +
      'changes move the real bill.',
    '',
    ...HEADER,
  );
  for (const i of estimate.lineItems) {
    lines.push(row(i.item, num(i.quantity), i.unit, formatUsd(i.monthlyUsd)));
  }
  lines.push(row('**total**', '', '', `**${formatUsd(estimate.totalUsd)}**`));
  const extra = estimate.newRegionEndpoints;
  lines.push(
    '',
    `In a region opened since 23 December 2023 (e.g. ca-west-1, mx-central-1, ap-southeast-7) the network also ` +
      `gets the ${extra.endpoints.map((e) => `\`${e}\``).join(' and ')} interface endpoints, which Service Connect ` +
      `needs there without NAT: +${formatUsd(extra.monthlyUsd)} a month at these prices.`,
  );

  const natOnly = nat.lineItems.filter((i) => i.group === 'network');
  const shared = nat.lineItems.filter((i) => i.group !== 'network');
  const sharedUsd = roundCents(shared.reduce((sum, i) => sum + i.monthlyUsd, 0));
  lines.push(
    '',
    `The same layout with NAT gateways instead of the interface endpoints ` +
      `(${estimate.profile === 'prod' ? 'one NAT gateway per AZ' : `one NAT gateway for profile \`${estimate.profile}\``}):`,
    '',
    ...HEADER,
  );
  for (const i of natOnly) {
    lines.push(row(i.item, num(i.quantity), i.unit, formatUsd(i.monthlyUsd)));
  }
  if (shared.length > 0) {
    const what = estimate.hasLoadBalancer ? 'Load balancer and Fargate tasks' : 'Fargate tasks';
    lines.push(row(`${what}, as above`, '', '', formatUsd(sharedUsd)));
  }
  lines.push(
    row('**total**', '', '', `**${formatUsd(nat.totalUsd)}** (${signedUsd(nat.differenceUsd)})`),
  );

  lines.push('', 'Charged per GB on top of the baseline, not estimated:', '');
  for (const c of estimate.perGb) {
    lines.push(`- ${c.item}, ${APPLIES_TO[c.appliesTo]}: ${formatUnitPrice(c.usdPerGb)} per GB (${c.note}).`);
  }

  lines.push('', `Not included: ${estimate.notIncluded.join('; ')}.`);
  return lines.join('\n') + '\n';
}
