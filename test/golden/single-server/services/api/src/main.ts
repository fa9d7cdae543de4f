// Process entry: wiring only. Behaviour lives in server.ts, upstreams.ts, shutdown.ts.
import { SERVICE_NAME } from './config';
import { createLogger } from './log';
import { createApp } from './server';
import { readSettings, type Settings } from './settings';
import { exitOnSignals } from './shutdown';

function main(): void {
  let settings: Settings;
  try {
    settings = readSettings(process.env);
  } catch (err) {
    createLogger(SERVICE_NAME).error('invalid settings', { err });
    process.exit(1);
  }
  const log = createLogger(settings.service, { level: settings.logLevel });
  const app = createApp({
    service: settings.service,
    upstreams: settings.upstreams,
    log,
    healthPath: settings.healthPath,
    publicPath: settings.publicPath,
    readyTimeoutMs: settings.readyTimeoutMs,
    upstreamTimeoutMs: settings.upstreamTimeoutMs,
  });
  exitOnSignals(app, { log, timeoutMs: settings.shutdownTimeoutMs, exit: (code) => process.exit(code) });
  app.listen(settings.port, settings.host).then(
    (port) => log.info('listening', { port, healthPath: settings.healthPath, publicPath: settings.publicPath, upstreams: settings.upstreams }),
    (err: unknown) => {
      log.error('cannot listen', { port: settings.port, err });
      process.exit(1);
    },
  );
}

main();
