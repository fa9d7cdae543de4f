/**
 * Which run a leftover folder or journal belongs to, and whether that run still lives.
 *
 * A run is its process id plus, on Linux, the process's start time (in clock ticks since
 * boot, from /proc/<pid>/stat): process ids are reused, and in a container every run may
 * well be pid 1, so the id alone would take a dead run for a live one (or the reverse).
 * Where /proc is missing the start time is 0 and only the id counts.
 */
import { readFileSync } from 'fs';

export interface RunOwner {
  readonly pid: number;
  readonly start: number;
}

function startTime(pid: number | 'self'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf-8');
    // Fields after the command name, which is in parentheses and may hold anything.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = Number(fields[19]);
    return Number.isSafeInteger(start) && start >= 0 ? start : 0;
  } catch {
    return 0;
  }
}

let self: RunOwner | undefined;

/** This process. */
export function thisRun(): RunOwner {
  self ??= { pid: process.pid, start: startTime('self') };
  return self;
}

/** `<pid>-<start>`, as leftover folder names carry it. */
export function ownerTag(owner: RunOwner = thisRun()): string {
  return `${owner.pid}-${owner.start}`;
}

/** The owner named by `<pid>-<start>` at the start of `text`, if any. */
export function parseOwnerTag(text: string): RunOwner | undefined {
  const m = /^(\d{1,10})-(\d{1,20})(?:-|$)/.exec(text);
  return m ? { pid: Number(m[1]), start: Number(m[2]) } : undefined;
}

/**
 * Whether `owner` is a run in progress. This process is never one: writing is synchronous,
 * so by the time it looks, any folder it left belongs to a write that already ended.
 */
export function isRunning(owner: RunOwner): boolean {
  if (!Number.isSafeInteger(owner.pid) || owner.pid <= 0) return false;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    if ((err as { code?: string }).code !== 'EPERM') return false;
  }
  if (owner.start === 0) return true;
  const start = startTime(owner.pid);
  return start === 0 || start === owner.start;
}
