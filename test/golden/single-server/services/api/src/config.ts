// Copied from the platform spec when this service was created. This folder is yours and
// is never regenerated, so these are only fallbacks: at run time PORT and HEALTH_PATH
// from the environment win (the task definition and `npx projen local` set both).
export const SERVICE_NAME: string = "api";
export const DEFAULT_PORT: number = 8080;
export const DEFAULT_HEALTH_PATH: string = "/health";
