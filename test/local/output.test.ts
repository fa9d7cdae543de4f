/**
 * `npx projen local` prints through the same terminal layer as the CLI and `npx projen
 * cost`: its table aligned by display width, emphasis only where colour is on
 * (FORCE_COLOR colours a pipe, NO_COLOR turns a terminal plain).
 */
import { PassThrough } from 'stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPrinter, formatTable } from '../../src/tasks/local/output';
import { stripAnsi } from '../../src/terminal';

const ROWS = [
  ['service', 'url', 'ready'],
  ['web', 'http://127.0.0.1:8080', 'yes'],
  ['orders-api', 'http://127.0.0.1:8081', 'yes'],
];

function printed(isTTY: boolean): string {
  const out = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  createPrinter({ out, names: ['web', 'orders-api'] }).table(ROWS);
  return text;
}

afterEach(() => vi.unstubAllEnvs());

describe('the local topology table', () => {
  it('aligns columns and rules off the header', () => {
    expect(formatTable(ROWS).split('\n')).toEqual([
      'service     url                    ready',
      '────────────────────────────────────────',
      'web         http://127.0.0.1:8080  yes',
      'orders-api  http://127.0.0.1:8081  yes',
      '',
    ]);
  });

  it('is plain when piped, coloured on a terminal, and follows NO_COLOR and FORCE_COLOR', () => {
    vi.stubEnv('NO_COLOR', '');
    vi.stubEnv('FORCE_COLOR', '');
    vi.stubEnv('TERM', 'xterm');
    expect(printed(false)).toBe(formatTable(ROWS));
    const tty = printed(true);
    expect(tty).not.toBe(stripAnsi(tty));
    expect(stripAnsi(tty)).toBe(formatTable(ROWS));
    vi.stubEnv('NO_COLOR', '1');
    expect(printed(true)).toBe(formatTable(ROWS));
    vi.stubEnv('NO_COLOR', '');
    vi.stubEnv('FORCE_COLOR', '1');
    expect(printed(false)).not.toBe(formatTable(ROWS));
  });
});
