/**
 * The catalogue of day-two transitions (src/transition/catalogue.ts), proven: each change
 * is made to a real platform, both sides are synthesized with the generated repository's
 * own CDK code (placement carried over, as `npx projen` does), and the transition model's
 * verdict must be the one the catalogue (and so the generated README) states.
 *
 * The table this prints is the catalogue's result on this run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { planPlatform, type Plan } from '../../src/plan';
import { formatError, normalizeSpec } from '../../src/spec';
import { TRANSITION_CATALOGUE } from '../../src/transition/catalogue';
import { exitCode, modelTransition, recordCloudAssembly, type AssemblyRecord, type HazardKind } from '../../src/transition';
import { synthPlatform } from '../support/synth-platform';

type RawService = { name: string; role: string; port: number; public?: boolean; publicPath?: string; calls?: string[]; [k: string]: unknown };
type RawSpec = {
  name: string;
  profile?: string;
  namespace?: string;
  azs?: number;
  domain?: string;
  certificateArn?: string;
  alarms?: { email?: string; topicArn?: string };
  services: RawService[];
};

const SHOP: RawSpec = {
  name: 'shop',
  profile: 'prod',
  services: [
    { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['orders', 'catalog'] },
    { name: 'admin', role: 'client-only', port: 3001, public: true, publicPath: '/admin', calls: ['orders'] },
    { name: 'orders', role: 'client-server', port: 8080, calls: ['payments'] },
    { name: 'catalog', role: 'client-server', port: 8081 },
    { name: 'payments', role: 'client-server', port: 8082 },
  ],
};
const HTTPS = { domain: 'shop.example.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f' };

function edit(spec: RawSpec, change: (s: RawSpec) => void): RawSpec {
  const copy = structuredClone(spec);
  change(copy);
  return copy;
}
const svc = (s: RawSpec, name: string) => s.services.find((x) => x.name === name)!;
const without = (s: RawSpec, name: string) => {
  s.services = s.services.filter((x) => x.name !== name);
  for (const x of s.services) x.calls = (x.calls ?? []).filter((c) => c !== name);
};
const makePrivate = (s: RawSpec, name: string) => {
  svc(s, name).public = false;
  delete svc(s, name).publicPath;
};
/** A chain of `n` client-server services, each calling the one before. */
const chain = (n: number): RawSpec => ({
  name: 'grow',
  profile: 'dev',
  services: Array.from({ length: n }, (_, i) => ({ name: `s${i}`, role: 'client-server', port: 8000 + i, calls: i > 0 ? [`s${i - 1}`] : [] })),
});
/** Forty-one services over two stacks; the last (in the second stack) calls the first. */
const wide = (change?: (s: RawSpec) => void): RawSpec =>
  edit(
    {
      name: 'wide',
      profile: 'prod',
      services: Array.from({ length: 41 }, (_, i) => ({ name: `w${i}`, role: 'client-server', port: 8000 + i, calls: i === 40 ? ['w0'] : [] })),
    },
    change ?? (() => {}),
  );

/** Two public paths of one length that hash to one slot of their band. */
const SAME_SLOT = edit(SHOP, (s) => {
  Object.assign(svc(s, 'catalog'), { public: true, publicPath: '/aaz' });
  Object.assign(svc(s, 'payments'), { public: true, publicPath: '/acd' });
});

/**
 * The README's rename without downtime, for a public service (catalog, at /catalog, to
 * products): the platform before, then after each step.
 */
const RENAME_STEPS: RawSpec[] = (() => {
  const start = edit(SHOP, (s) => Object.assign(svc(s, 'catalog'), { public: true, publicPath: '/catalog' }));
  // 1. Add the new name beside the old one (private for now: a path has one service).
  const added = edit(start, (s) => {
    s.services.push({ name: 'products', role: 'client-server', port: 8083 });
  });
  // 2. Move the callers and the public path to it.
  const moved = edit(added, (s) => {
    makePrivate(s, 'catalog');
    Object.assign(svc(s, 'products'), { public: true, publicPath: '/catalog' });
    svc(s, 'web').calls = ['orders', 'products'];
  });
  // 3. Remove the old one.
  const removed = edit(moved, (s) => without(s, 'catalog'));
  return [start, added, moved, removed];
})();

/**
 * Each catalogue entry's change: the spec before, the spec after, and the hazards it must
 * (at least, or with `exactly` only) name besides info.
 */
/**
 * `forget`: the change is an edit of stack-placement.json after `before` → `after` was
 * deployed; the keys named are deleted from the placement and `after` is planned again.
 */
const CHANGES: Record<string, { before: RawSpec; after: RawSpec; hazards?: HazardKind[]; exactly?: true; forget?: Array<'endpoints'> }> = {
  'add-service': {
    before: SHOP,
    after: edit(SHOP, (s) => {
      s.services.push({ name: 'billing', role: 'client-server', port: 8090 });
      svc(s, 'orders').calls!.push('billing');
    }),
  },
  'grow-20-25': { before: chain(20), after: chain(25) },
  'grow-new-stack': { before: chain(25), after: chain(40) },
  'add-deepening-call': {
    before: SHOP,
    after: edit(SHOP, (s) => {
      svc(s, 'catalog').calls = ['payments'];
    }),
  },
  'remove-call': {
    before: SHOP,
    after: edit(SHOP, (s) => {
      svc(s, 'web').calls = ['orders'];
    }),
  },
  'add-cycle': {
    before: SHOP,
    after: edit(SHOP, (s) => {
      svc(s, 'payments').calls = ['orders'];
    }),
  },
  'call-later-stack': {
    before: wide(),
    after: wide((s) => {
      svc(s, 'w1').calls = ['w39'];
    }),
  },
  'remove-service': { before: SHOP, after: edit(SHOP, (s) => without(s, 'catalog')), hazards: ['service-deleted'] },
  'remove-service-called-from-later-stack': { before: wide(), after: wide((s) => without(s, 'w0')), hazards: ['service-deleted'] },
  'rename-service': {
    before: SHOP,
    after: edit(SHOP, (s) => {
      svc(s, 'catalog').name = 'products';
      svc(s, 'web').calls = ['orders', 'products'];
    }),
    hazards: ['service-deleted'],
  },
  'change-port': {
    before: SHOP,
    after: edit(SHOP, (s) => {
      svc(s, 'payments').port = 9090;
    }),
  },
  'change-public-port': {
    before: SHOP,
    after: edit(SHOP, (s) => {
      svc(s, 'admin').port = 3101;
    }),
  },
  'client-only-to-server': {
    before: SHOP,
    after: edit(SHOP, (s) => {
      svc(s, 'admin').role = 'client-server';
    }),
  },
  'server-to-client-only': {
    before: SHOP,
    after: edit(SHOP, (s) => {
      svc(s, 'catalog').role = 'client-only';
      svc(s, 'web').calls = ['orders'];
    }),
  },
  'make-public': {
    before: SHOP,
    after: edit(SHOP, (s) => {
      svc(s, 'catalog').public = true;
      svc(s, 'catalog').publicPath = '/catalog';
    }),
  },
  'make-private': { before: SHOP, after: edit(SHOP, (s) => makePrivate(s, 'admin')) },
  'remove-last-public': {
    before: edit(SHOP, (s) => makePrivate(s, 'web')),
    after: edit(SHOP, (s) => {
      makePrivate(s, 'web');
      makePrivate(s, 'admin');
    }),
  },
  'http-to-https': { before: SHOP, after: { ...SHOP, ...HTTPS } },
  'https-to-http': { before: { ...SHOP, ...HTTPS }, after: SHOP, hazards: ['dangling-reference'] },
  'change-namespace': { before: SHOP, after: { ...SHOP, namespace: 'shop.local' }, hazards: ['namespace-moved'] },
  // SHOP has public services, so its VPC has public subnets as well as task subnets.
  'azs-up': { before: SHOP, after: { ...SHOP, azs: 3 } },
  // Only the subnets still in use: no subnet is re-created, so no CIDR conflict.
  'azs-down': { before: { ...SHOP, azs: 3 }, after: SHOP, hazards: ['in-use'], exactly: true },
  profile: { before: SHOP, after: { ...SHOP, profile: 'dev' } },
  size: {
    before: SHOP,
    after: edit(SHOP, (s) => {
      svc(s, 'orders').cpu = 512;
      svc(s, 'orders').memory = 1024;
    }),
  },
  'desired-count': {
    before: SHOP,
    after: edit(SHOP, (s) => {
      svc(s, 'orders').desiredCount = 4;
    }),
  },
  arch: { before: SHOP, after: edit(SHOP, (s) => (svc(s, 'orders').arch = 'arm64')) },
  'add-spot': { before: SHOP, after: edit(SHOP, (s) => (svc(s, 'orders').spot = 50)) },
  'change-spot': {
    before: edit(SHOP, (s) => (svc(s, 'orders').spot = 50)),
    after: edit(SHOP, (s) => (svc(s, 'orders').spot = 0)),
  },
  'remove-spot': {
    before: edit(SHOP, (s) => (svc(s, 'orders').spot = 50)),
    after: SHOP,
    hazards: ['capacity-strategy-removed'],
    exactly: true,
  },
  'remove-secrets': {
    before: edit(SHOP, (s) => {
      svc(s, 'orders').secrets = { DB_PASSWORD: 'ssm:/shop/db-password' };
      svc(s, 'payments').exec = true;
    }),
    after: SHOP,
  },
  'remove-retired-endpoint': {
    before: edit(SHOP, (s) => (svc(s, 'orders').secrets = { DB_PASSWORD: 'ssm:/shop/db-password' })),
    after: SHOP,
    // The entry deleted by hand after the removal was deployed.
    forget: ['endpoints'],
  },
  'remove-last-spot-service': {
    before: edit(SHOP, (s) => (svc(s, 'catalog').spot = 50)),
    after: edit(SHOP, (s) => without(s, 'catalog')),
    hazards: ['service-deleted'],
    exactly: true,
  },
  timeouts: { before: SHOP, after: edit(SHOP, (s) => (svc(s, 'orders').timeouts = { perRequest: 30 })) },
  'add-alarms': { before: SHOP, after: edit(SHOP, (s) => (s.alarms = { email: 'ops@example.com' })) },
  // /aaz and /acd have one length and hash to one slot: /acd took the next one, and keeps it.
  'make-private-same-length': { before: SAME_SLOT, after: edit(SAME_SLOT, (s) => makePrivate(s, 'catalog')) },
  'move-public-path': {
    before: RENAME_STEPS[1]!,
    after: edit(RENAME_STEPS[1]!, (s) => {
      makePrivate(s, 'catalog');
      svc(s, 'products').public = true;
      svc(s, 'products').publicPath = '/catalog';
    }),
  },
};

function plan(raw: RawSpec, previous?: Plan): Plan {
  const result = normalizeSpec(raw);
  if (!result.ok) throw new Error(result.errors.map(formatError).join('\n'));
  return planPlatform(result.spec, previous ? { placement: previous } : {});
}

/** Syntheses are shared: several changes start from the same platform. */
const records = new Map<string, AssemblyRecord>();
function record(p: Plan): AssemblyRecord {
  const key = JSON.stringify(p);
  let r = records.get(key);
  if (!r) records.set(key, (r = recordCloudAssembly(synthPlatform(p).assembly)));
  return r;
}

const results: string[] = [];
afterAll(() => {
  console.log(['| change | plan | hazards |', '|---|---|---|', ...results].join('\n'));
});

describe('the catalogue of day-two transitions', () => {
  it('has a change for every entry, and an entry for every change', () => {
    expect(Object.keys(CHANGES).sort()).toEqual(TRANSITION_CATALOGUE.map((e) => e.id).sort());
  });

  for (const entry of TRANSITION_CATALOGUE) {
    it(`${entry.change}: ${entry.verdict}`, () => {
      const { before, after, hazards = [], exactly, forget = [] } = CHANGES[entry.id]!;
      let first = plan(before);
      let next = plan(after, first);
      if (forget.length > 0) {
        const edited: Record<string, unknown> = { ...next };
        for (const key of forget) delete edited[key];
        [first, next] = [next, plan(after, edited as unknown as Plan)];
      }
      const report = modelTransition(record(first), record(next));
      const kinds = report.hazards.filter((h) => h.severity !== 'info').map((h) => h.kind);
      results.push(
        `| ${entry.change} | exit ${exitCode(report)} (${entry.verdict}) | ${[...new Set(report.hazards.map((h) => h.kind))].join(', ') || '-'} |`,
      );
      expect(exitCode(report), report.hazards.map((h) => `${h.kind}: ${h.message}`).join('\n')).toBe(entry.verdict === 'safe' ? 0 : 1);
      for (const kind of hazards) expect(kinds, entry.id).toContain(kind);
      if (exactly) expect([...new Set(kinds)], entry.id).toEqual(hazards);
      // Every hazard says how to do the change safely.
      for (const h of report.hazards) expect(h.safely.length, h.kind).toBeGreaterThan(0);
    }, 120_000);
  }
});

describe('renaming a public service without downtime, step by step (README, "Rename a service")', () => {
  it('adds the new service, moves callers and the path to it, then removes the old one: only the last step deletes anything', () => {
    let previous = plan(RENAME_STEPS[0]!);
    const verdicts: Array<[number, string[]]> = [];
    for (const [i, spec] of RENAME_STEPS.slice(1).entries()) {
      const next = plan(spec, previous);
      const report = modelTransition(record(previous), record(next));
      verdicts.push([
        exitCode(report),
        [...new Set(report.hazards.filter((h) => h.severity !== 'info').map((h) => `${h.kind} ${h.physicalName ?? h.logicalId}`))],
      ]);
      results.push(`| rename step ${i + 1} | exit ${exitCode(report)} | ${[...new Set(report.hazards.map((h) => h.kind))].join(', ') || '-'} |`);
      previous = next;
    }
    expect(verdicts).toEqual([
      [0, []],
      [0, []],
      // The one deletion the rename is for: nothing calls or routes to catalog any more.
      [1, ['service-deleted catalog']],
    ]);
  }, 120_000);
});
