/**
 * A spinner with the elapsed time that keeps moving while the main thread is busy: the
 * write of a 300-service repository and `generate()` are synchronous, so a timer on the
 * main thread would not fire until they end. The frames come from a worker thread that
 * writes straight to the terminal's file descriptor; a lock in shared memory keeps its
 * writes and the main thread's apart, so that no frame lands after the step's last line.
 */
import { writeSync } from 'fs';
import { Worker } from 'worker_threads';
import type { Screen } from './screen';

/** Milliseconds between frames. */
export const FRAME_MS = 100;

export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** `0.4 s`, `12 s`, `1 min 05 s`. */
export function formatElapsed(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.floor(s)} s`;
  return `${Math.floor(s / 60)} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
}

/** Slots of the shared lock: who writes now (0 nobody, 1 someone), and whether frames are still wanted. */
const LOCK = 0;
const RUNNING = 1;

// The worker's code, kept in this file so that it runs the same from src/ (tests) and
// lib/ (the package). It repeats formatElapsed: a worker cannot import TypeScript.
const WORKER = `
const { workerData } = require('worker_threads');
const { writeSync } = require('fs');
const { fd, before, after, started, frames, every, shared } = workerData;
const state = new Int32Array(shared);
const elapsed = (ms) => {
  const s = ms / 1000;
  if (s < 10) return s.toFixed(1) + ' s';
  if (s < 60) return Math.floor(s) + ' s';
  return Math.floor(s / 60) + ' min ' + String(Math.floor(s % 60)).padStart(2, '0') + ' s';
};
let i = 1;
const timer = setInterval(() => {
  if (Atomics.compareExchange(state, 0, 0, 1) !== 0) return;
  try {
    if (Atomics.load(state, 1) !== 1) return clearInterval(timer);
    writeSync(fd, '\\r\\x1b[2K' + frames[i++ % frames.length] + before + elapsed(Date.now() - started) + after);
  } catch {
    Atomics.store(state, 1, 0);
  } finally {
    Atomics.store(state, 0, 0);
  }
}, every);
`;

/** What one frame shows around the spinner: `<spinner><before><elapsed><after>`. */
export interface Frame {
  readonly before: string;
  readonly after: string;
}

/** A running spinner; `stop()` returns once no frame can be written any more. */
export interface Ticker {
  stop(): void;
}

/** Starts drawing frames on `screen`, the first one at once. */
export function startTicker(screen: Screen, frame: Frame, started: number = Date.now()): Ticker {
  const draw = (i: number) => `\r\x1b[2K${SPINNER[i % SPINNER.length]}${frame.before}${formatElapsed(Date.now() - started)}${frame.after}`;
  screen.write(draw(0));
  const shared = new SharedArrayBuffer(8);
  const state = new Int32Array(shared);
  Atomics.store(state, RUNNING, 1);
  let worker: Worker | undefined;
  let fallback: NodeJS.Timeout | undefined;
  try {
    worker = new Worker(WORKER, { eval: true, workerData: { fd: screen.fd, ...frame, started, frames: SPINNER, every: FRAME_MS, shared } });
    worker.unref();
    // A worker that fails to start leaves the spinner still; the step's lines still come.
    worker.on('error', () => undefined);
  } catch {
    // No worker threads here: frames from the main thread, while it is free.
    let i = 1;
    fallback = setInterval(() => {
      try {
        writeSync(screen.fd, draw(i++));
      } catch {
        clearInterval(fallback);
      }
    }, FRAME_MS);
    fallback.unref();
  }
  return {
    stop: () => {
      if (fallback !== undefined) clearInterval(fallback);
      // Take the lock, so that a frame being written finishes first and none follows.
      while (Atomics.compareExchange(state, LOCK, 0, 1) !== 0) Atomics.wait(state, RUNNING, 1, 1);
      Atomics.store(state, RUNNING, 0);
      Atomics.store(state, LOCK, 0);
      void worker?.terminate();
    },
  };
}
