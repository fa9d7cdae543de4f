import { App } from 'aws-cdk-lib/core';
import { buildPlatform } from 'create-fargate-connect/infra';
import { platform } from './generated/platform';

/**
 * The CDK app: the platform of `.projenrc.ts`, and whatever you add to it. This file is
 * yours (`npx projen` never rewrites it). To add a sidecar, a policy, an endpoint or an
 * image of your own, use what `buildPlatform` returns: README, "Extending the platform".
 */
export function createApp(app: App = new App()): App {
  buildPlatform(app, platform);
  return app;
}

// `cdk synth` runs this file (cdk.json); test/platform.test.ts builds the app with createApp.
if (require.main === module) createApp().synth();
