#!/usr/bin/env node
'use strict';

/**
 * A line writer that survives its reader: when stdout is a pipe whose reader has gone
 * (`| head -2`) or a full disk (`>/dev/full`), the rest of the run goes on quietly instead
 * of dying on EPIPE or ENOSPC in the middle of its work.
 */
function lineWriter(stream) {
  let open = true;
  stream.on('error', () => {
    open = false;
  });
  return (line) => {
    if (!open) return;
    try {
      stream.write(line + '\n');
    } catch {
      open = false;
    }
  };
}

// SIGINT, SIGTERM and SIGHUP stop the run at its next step (a write in progress finishes
// or fails as a whole first, and removes its staging folder); a second signal stops it at once.
const cancel = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (cancel.signal.aborted) process.exit(130);
    cancel.abort(signal);
  });
}

const out = lineWriter(process.stdout);
const err = lineWriter(process.stderr);

let cwd;
try {
  cwd = process.cwd();
} catch {
  err('error: the current directory no longer exists (deleted or moved); cd into an existing directory and run again');
  process.exit(1);
}

// Loaded after the handlers above are in place: loading takes a while.
const { runCli } = require('../lib/cli/main');
const { colorEnabled, screenOf } = require('../lib/terminal');

// On a terminal, steps show a spinner and lines fit its width; piped output stays plain.
const screen = screenOf(process.stdout);
const color = colorEnabled(process.env, Boolean(process.stdout.isTTY));
runCli(process.argv.slice(2), { out, err, stdinIsTTY: Boolean(process.stdin.isTTY), cwd, cancel: cancel.signal, screen, color }).then(
  (code) => {
    process.exitCode = code;
    if (cancel.signal.aborted) {
      // A signal may have come during a prompt, which still holds the terminal: give it back.
      if (process.stdin.isTTY && process.stdin.isRaw) process.stdin.setRawMode(false);
      process.exit(code);
    }
  },
  (e) => {
    err(`error: internal error (a bug in create-fargate-connect; please report it): ${e && e.message ? e.message.split('\n')[0] : e}`);
    if (process.env.DEBUG) err(String(e && e.stack));
    process.exit(1);
  },
);
