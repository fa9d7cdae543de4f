// `npx projen local | cost | plan | record | eject-infra | compile` run this file with the
// task's name: each task is create-fargate-connect's (`create-fargate-connect/tasks`),
// given this repository's platform.
import { main } from 'create-fargate-connect/tasks';
import { platform } from '../src/generated/platform';

main({ dir: process.cwd(), platform });
