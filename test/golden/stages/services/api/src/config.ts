// Copied from the platform spec when this service was created. This folder is yours and
// is never regenerated, so these are only fallbacks: at run time PORT and HEALTH_PATH
// from the environment win (the task definition, docker-compose.yml and `npx projen local`
// set both). PUBLIC_PATH has no fallback on purpose: it comes from the environment only,
// so a service that is made private or moved to another path is never served at a stale one.
export const SERVICE_NAME: string = "api";
export const DEFAULT_PORT: number = 8080;
export const DEFAULT_HEALTH_PATH: string = "/health";
