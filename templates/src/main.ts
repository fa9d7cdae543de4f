import { App } from 'aws-cdk-lib';
import { platform } from './generated/platform';
import { buildPlatform } from './infra/platform';

const app = new App();
buildPlatform(app, platform);
app.synth();
