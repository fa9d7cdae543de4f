/**
 * What a cost estimate says, as blocks of text that two writers render: Markdown for the
 * generated README (./markdown.ts) and a terminal's layout for `npx projen cost`
 * (./terminal.ts). Text holds inline Markdown only: `code` and **strong**.
 */
import type { CostEstimate, CostLineItem, PerGbCharge } from './estimate';
import { formatUnitPrice, formatUsd, num, roundCents, signedUsd } from './money';

/** One row of a cost table; a total row is emphasised by each writer in its own way. */
export interface CostRow {
  readonly item: string;
  readonly quantity: string;
  readonly unit: string;
  readonly usd: string;
  /** After the amount, not emphasised: the difference of the NAT total. */
  readonly note?: string;
  readonly total?: true;
}

export type CostBlock =
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'table'; readonly rows: readonly CostRow[] }
  | { readonly kind: 'list'; readonly items: readonly string[] };

export const COST_COLUMNS = ['item', 'quantity', 'unit', 'USD / month'] as const;

const APPLIES_TO: Readonly<Record<PerGbCharge['appliesTo'], string>> = {
  both: 'either layout',
  endpoints: 'with the interface endpoints',
  nat: 'with NAT gateways instead',
};

function lineRow(i: CostLineItem): CostRow {
  return { item: i.item, quantity: num(i.quantity), unit: i.unit, usd: formatUsd(i.monthlyUsd) };
}

/**
 * The estimate in words: the generated layout's line items and total, the NAT
 * alternative, the per-GB charges and what is left out.
 */
export function costDocument(estimate: CostEstimate): CostBlock[] {
  const { natAlternative: nat } = estimate;
  const extra = estimate.newRegionEndpoints;
  const natOnly = nat.lineItems.filter((i) => i.group === 'network');
  const shared = nat.lineItems.filter((i) => i.group !== 'network');
  const sharedUsd = roundCents(shared.reduce((sum, i) => sum + i.monthlyUsd, 0));
  const what = estimate.hasLoadBalancer ? 'Load balancer and Fargate tasks' : 'Fargate tasks';
  return [
    {
      kind: 'paragraph',
      text:
        `Estimated baseline in USD per month: ${estimate.region} on-demand list prices taken ` +
        `${estimate.pricesTakenOn}, ${estimate.hoursPerMonth} hours a month, profile \`${estimate.profile}\`. ` +
        'These are estimates, not a quote: region, usage, free tiers, Savings Plans and price ' +
        'changes move the real bill.',
    },
    {
      kind: 'table',
      rows: [...estimate.lineItems.map(lineRow), { item: 'total', quantity: '', unit: '', usd: formatUsd(estimate.totalUsd), total: true }],
    },
    {
      kind: 'paragraph',
      text:
        `In a region opened since 23 December 2023 (e.g. ca-west-1, mx-central-1, ap-southeast-7) the network also ` +
        `gets the ${extra.endpoints.map((e) => `\`${e}\``).join(' and ')} interface endpoints, which Service Connect ` +
        `needs there without NAT: +${formatUsd(extra.monthlyUsd)} a month at these prices.`,
    },
    {
      kind: 'paragraph',
      text:
        `The same layout with NAT gateways instead of the interface endpoints ` +
        `(${estimate.profile === 'prod' ? 'one NAT gateway per AZ' : `one NAT gateway for profile \`${estimate.profile}\``}):`,
    },
    {
      kind: 'table',
      rows: [
        ...natOnly.map(lineRow),
        ...(shared.length > 0 ? [{ item: `${what}, as above`, quantity: '', unit: '', usd: formatUsd(sharedUsd) }] : []),
        { item: 'total', quantity: '', unit: '', usd: formatUsd(nat.totalUsd), note: `(${signedUsd(nat.differenceUsd)})`, total: true },
      ],
    },
    { kind: 'paragraph', text: 'Charged per GB on top of the baseline, not estimated:' },
    {
      kind: 'list',
      items: estimate.perGb.map((c) => `${c.item}, ${APPLIES_TO[c.appliesTo]}: ${formatUnitPrice(c.usdPerGb)} per GB (${c.note}).`),
    },
    { kind: 'paragraph', text: `Not included: ${estimate.notIncluded.join('; ')}.` },
  ];
}
