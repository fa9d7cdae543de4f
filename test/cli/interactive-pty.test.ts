/**
 * The BUILT CLI (bin/ + lib/) on a real pseudo-terminal: what a user of
 * `npx create-fargate-connect` sees and types. `script` (util-linux) gives the command a
 * terminal; we type into it the way a user does (text, Enter, arrow keys, Space,
 * Backspace), each time after the prompt we answer has appeared.
 *
 * lib/ must be compiled from the current src/ (`npx projen compile`; `npx projen build`
 * does it before the tests): the test fails and says so otherwise.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scratch } from './helpers';
import { BIN, KEY, ptyUnavailable, Terminal } from './pty';

function cliCommand(args: string): string {
  return `node ${BIN} ${args}`;
}

describe('the built CLI on a terminal', () => {
  beforeAll(() => {
    // Fails every test below with the reason, rather than testing an old build.
    const why = ptyUnavailable();
    if (why !== undefined) throw new Error(why);
  });

  it('creates three services from typed answers', async () => {
    const cwd = scratch();
    const t = new Terminal(cliCommand('shop --no-install --no-git --generator-dependency file:/tmp/x.tgz --save-config shop.yaml'), cwd);
    await t.answer('? Project name', KEY.enter); // default: shop, from the directory
    await t.answer('? Cloud Map namespace', KEY.enter); // default: shop.internal

    await t.answer('? Service name', 'web', KEY.enter);
    await t.answer('? Role of web', KEY.up, KEY.enter); // client-server is the default; up: client-only
    await t.answer('? Is web public', KEY.enter); // default yes for the first client-only service
    await t.answer('? Path of web', KEY.enter); // "/"
    await t.answer('? Port web listens on', KEY.enter); // 3000 for a public front end
    await t.answer('? Add another service?', 'y');

    await t.answer('? Service name', 'web', KEY.enter);
    await t.waitFor('"web" is already used by services[0]');
    await t.type(KEY.backspace, KEY.backspace, KEY.backspace, 'api', KEY.enter);
    await t.answer('? Role of api', KEY.enter);
    await t.answer('? Is api public', KEY.enter); // default no
    await t.answer('? Port api listens on', '70000', KEY.enter);
    await t.waitFor('70000 is not a port (1-65535)');
    await t.type(...Array<string>(5).fill(KEY.backspace), KEY.enter); // empty: the default, 8080
    await t.answer('? Which of the services before it call api?', KEY.space, KEY.enter); // web
    await t.answer('? Add another service?', 'y');

    await t.answer('? Service name', 'orders', KEY.enter);
    await t.answer('? Role of orders', KEY.enter);
    await t.answer('? Is orders public', 'n');
    await t.answer('? Port orders listens on', '9090', KEY.enter);
    await t.answer('? Which services does orders call?', KEY.space, KEY.enter); // api
    await t.answer('? Which of the services before it call orders?', KEY.enter); // none
    await t.answer('? Add another service?', KEY.enter); // default no

    await t.waitFor('deploy order: api → orders → web');
    await t.answer('? Write the repository to shop?', KEY.enter);
    await t.waitFor('Created shop in shop: 3 services.');
    const code = await t.exit();
    expect(code, t.text).toBe(0);

    expect(parse(readFileSync(join(cwd, 'shop.yaml'), 'utf-8'))).toEqual({
      name: 'shop',
      services: [
        { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
        { name: 'api', role: 'client-server', port: 8080 },
        { name: 'orders', role: 'client-server', port: 9090, calls: ['api'] },
      ],
    });
    for (const f of [
      '.projenrc.ts',
      'src/generated/platform.ts',
      'services/web/src/main.ts',
      'services/api/src/main.ts',
      'services/orders/src/main.ts',
    ]) {
      expect(existsSync(join(cwd, 'shop', f)), f).toBe(true);
    }
    const pkg = JSON.parse(readFileSync(join(cwd, 'shop', 'package.json'), 'utf-8'));
    expect(pkg.devDependencies['create-fargate-connect']).toBe('file:/tmp/x.tgz');
  }, 30_000);

  it('Ctrl-C at a prompt exits 130 and writes nothing', async () => {
    const cwd = scratch();
    const t = new Terminal(cliCommand('shop --no-install --no-git --generator-dependency file:/tmp/x.tgz --save-config shop.yaml'), cwd);
    await t.answer('? Project name', KEY.enter);
    await t.answer('? Cloud Map namespace', KEY.enter);
    await t.answer('? Service name', 'web', KEY.ctrlC);
    expect(await t.exit(), t.text).toBe(130);
    expect(t.text).toContain('Cancelled; nothing was written.');
    expect(readdirSync(cwd)).toEqual([]);
  }, 15_000);
});
