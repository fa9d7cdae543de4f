/**
 * What the screen shows after a whole interactive run, at 80 and at 120 columns: the
 * built CLI on a pseudo-terminal, an invalid answer typed at every prompt that checks
 * one, and the final screen (scrollback included) read through a terminal emulator and
 * compared with test/cli/screens/<name>.txt. A stale or overlapping line left by a redraw
 * is on that screen, so it fails the comparison.
 *
 * `UPDATE_SCREENS=1` rewrites the expected files; read their diff before committing it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scratch } from './helpers';
import { BIN, KEY, loadEmulator, normalize, ptyUnavailable, renderScreen, sleep, Terminal } from './pty';

const SCREENS = join(__dirname, 'screens');

function expectScreen(name: string, actual: string): void {
  const file = join(SCREENS, `${name}.txt`);
  if (process.env.UPDATE_SCREENS === '1') writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf-8'));
}

/**
 * Types a refused answer, waits for its message (under the prompt, or printed in full
 * once the prompt has closed: which one depends on the width), clears the field (Ctrl-G)
 * and types the answer that is taken.
 */
async function refuse(t: Terminal, prompt: string, bad: string, message: string, ...good: string[]): Promise<void> {
  await t.answer(prompt, bad, KEY.enter);
  await t.waitFor(message);
  // The prompt redraws (or is asked again) after the message.
  await sleep(150);
  await t.type(KEY.ctrlG, ...good, KEY.enter);
}

async function session(cols: number): Promise<{ lines: string[]; code: number | null; text: string }> {
  const emulator = loadEmulator();
  if (typeof emulator === 'string') throw new Error(emulator);
  const cwd = scratch();
  // A directory that cannot be the target: not empty.
  mkdirSync(join(cwd, 'taken'));
  writeFileSync(join(cwd, 'taken', 'notes.md'), 'mine');
  const size = { cols, rows: 40 };
  const t = new Terminal(`node ${BIN} --no-install --no-git --generator-dependency file:/tmp/x.tgz`, cwd, size);

  await refuse(t, '? Directory', 'taken', 'taken is not empty', 'shop');
  await refuse(t, '? Project name', 'My_Shop', '"My_Shop" contains "M"');
  await refuse(t, '? Cloud Map namespace', 'Shop.Internal', '"Shop.Internal" has uppercase letters');

  await refuse(t, '? Service name', 'Web', '"Web" contains "W"', 'web');
  await t.answer('? Role of web', KEY.up, KEY.enter);
  await t.answer('? Is web public', KEY.enter);
  await refuse(t, '? Path of web', 'web/', 'must start with "/"');
  await refuse(t, '? Port web listens on', '80', 'port 80 is below 1024');
  await t.answer('? Add another service?', 'y');

  await refuse(t, '? Service name', 'web', '"web" is already used by services[0]', 'api');
  await t.answer('? Role of api', KEY.enter);
  await t.answer('? Is api public', KEY.enter);
  await refuse(t, '? Port api listens on', '70000', '70000 is not a port');
  await t.answer('? Which of the services before it call api?', KEY.space, KEY.enter);
  await t.answer('? Add another service?', KEY.enter);

  await t.answer('? Write the repository to shop?', KEY.enter);
  await t.waitFor('Created shop in shop: 2 services.');
  const code = await t.exit();
  return { lines: await renderScreen(emulator, t.bytes, size), code, text: t.text };
}

describe('the interactive screen', () => {
  beforeAll(() => {
    // Fails every test below with the reason, the expected failure too (it must fail for its own reason).
    const why = ptyUnavailable();
    if (why !== undefined) throw new Error(why);
    const emulator = loadEmulator();
    if (typeof emulator === 'string') throw new Error(emulator);
  });

  for (const cols of [80, 120]) {
    it(`at ${cols} columns: every refused answer explained, no stale line, the end on one 40-row screen`, async () => {
      const { lines, code, text } = await session(cols);
      expect(code, text).toBe(0);
      expectScreen(`flow-${cols}`, normalize(lines));
      // Every line the run drew fits the terminal: none was wrapped by it.
      for (const line of lines) expect(line.length, line).toBeLessThan(cols);
      // What follows the confirmation fits one 40-row screen.
      const confirmed = lines.findIndex((l) => l.startsWith('✔ Write the repository to shop?'));
      expect(confirmed).toBeGreaterThan(0);
      expect(lines.length - confirmed).toBeLessThanOrEqual(40);
    }, 60_000);
  }

  /** A text prompt whose refusal says `message`, then a second prompt, answered as a user would. */
  async function plainPrompts(message: string): Promise<string[]> {
    const emulator = loadEmulator();
    if (typeof emulator === 'string') throw new Error(emulator);
    const script = [
      `const prompts = require(${JSON.stringify(require.resolve('prompts'))});`,
      `console.log('Service 1');`,
      `prompts({ type: 'text', name: 'v', message: 'Service name', validate: (v) => v === 'web' || ${JSON.stringify(message)} })`,
      `  .then(() => prompts({ type: 'text', name: 'w', message: 'Port web listens on' }));`,
    ].join('\n');
    const size = { cols: 120, rows: 40 };
    const t = new Terminal(`node -e ${shellQuote(script)}`, scratch(), size);
    await refuse(t, '? Service name', 'Web', message.slice(-12), 'web');
    await t.answer('? Port web listens on', '8080', KEY.enter);
    await t.exit();
    return renderScreen(emulator, t.bytes, size);
  }
  const CLEAN = ['Service 1', '✔ Service name … web', '✔ Port web listens on … 8080'];

  it('the comparison passes for a refusal that fits on its line', async () => {
    expect(await plainPrompts('"Web" contains "W", which is not allowed')).toEqual(CLEAN);
  }, 30_000);

  // What the prompts did before: the long message as the text prompt's error line. At 120
  // columns it wraps onto two rows; the redraw erases from the wrong row, so the line above
  // the prompt is wiped and the prompt drawn over it, and the message's second row is left
  // for later prompts to draw over: the same comparison fails, as it must.
  it.fails(
    'a refusal that wraps garbles the screen (the comparison catches it)',
    async () => {
      const message =
        '"Web" contains "W", which is not allowed; a service name uses only lowercase letters, digits and hyphens (a DNS label, e.g. "orders-api")';
      expect(await plainPrompts(message)).toEqual(CLEAN);
    },
    30_000,
  );
});

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
