import type { App } from './server';
import type { Logger } from './log';

/** What shutdown listens on: `process` in production, an EventEmitter in tests. */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface ShutdownOptions {
  readonly log: Logger;
  /** Drain deadline; keep it well under ECS's stop timeout (30 s by default). */
  readonly timeoutMs: number;
  readonly exit: (code: number) => void;
  /** @default process */
  readonly source?: SignalSource;
  /** SIGTERM from ECS and `docker stop`, SIGINT from Ctrl-C. */
  readonly signals?: readonly NodeJS.Signals[];
}

/**
 * On the first signal: stop accepting, drain in-flight requests, exit 0 (1 when the
 * deadline cut requests off). Later signals are ignored rather than killing the
 * drain: `npx projen local` sends SIGTERM after the terminal's SIGINT.
 */
export function exitOnSignals(app: App, options: ShutdownOptions): void {
  const { log, timeoutMs, exit } = options;
  const source: SignalSource = options.source ?? process;
  let started = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (started) {
      log.debug('already shutting down', { signal });
      return;
    }
    started = true;
    log.info('shutting down', { signal, timeoutMs });
    void app.close(timeoutMs).then((result) => {
      log.info('stopped', { result });
      exit(result === 'drained' ? 0 : 1);
    });
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) source.on(signal, onSignal);
}
