import { App } from 'aws-cdk-lib/core';
import { buildStages } from 'create-fargate-connect/infra';
import { platform } from './generated/platform';

/**
 * The CDK app: one CDK Stage per stage of `.projenrc.ts` (`stages`), each holding the
 * platform as that stage runs it, and whatever you add to it. This file is yours
 * (`npx projen` never rewrites it). `buildStages` returns each stage's platform, the same
 * constructs `buildPlatform` returns: extend every stage in the loop, or one by its name
 * (README, "Extending the platform").
 */
export function createApp(app: App = new App()): App {
  for (const built of buildStages(app, platform)) {
    // For example: if (built.stage.name === 'prod') built.service('api').taskRole.addToPolicy(...);
    void built;
  }
  return app;
}

// `cdk synth` runs this file (cdk.json); test/platform.test.ts builds the app with createApp.
if (require.main === module) createApp().synth();
