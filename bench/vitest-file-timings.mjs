// A vitest (4.x) reporter for bench/build.bench.ts: per test file, vitest's own
// diagnostics (import/collect, setup, environment, tests + hooks), written as JSON to
// $BENCH_VITEST_TIMINGS when the run ends. Plain JS with no imports but node:fs, so it
// loads from outside the repository it reports on.
import { writeFileSync } from 'node:fs';

export default class FileTimings {
  constructor() {
    this.modules = [];
  }

  onTestModuleEnd(testModule) {
    const d = testModule.diagnostic();
    this.modules.push({
      file: testModule.moduleId,
      state: testModule.state(),
      collect: d.collectDuration,
      setup: d.setupDuration,
      prepare: d.prepareDuration,
      environment: d.environmentSetupDuration,
      duration: d.duration,
    });
  }

  onTestRunEnd() {
    const out = process.env.BENCH_VITEST_TIMINGS;
    if (out) writeFileSync(out, JSON.stringify(this.modules, null, 2));
  }
}
