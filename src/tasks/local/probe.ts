/** What a GET answered: a status and body, or why there was none. */
export type ProbeAnswer = { readonly status: number; readonly body: string } | { readonly status: undefined; readonly error: string };

export async function probe(url: string, timeoutMs: number): Promise<ProbeAnswer> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: await res.text() };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    return { status: undefined, error: cause?.code ?? (err instanceof Error ? err.name : String(err)) };
  }
}

/** Polls `check` until it returns true, `isOver` says to give up, or the time is out. */
export async function poll(
  check: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; isOver?: () => boolean },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    if (options.isOver?.()) return false;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
  return check();
}
