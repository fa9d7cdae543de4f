export { generate, type GeneratedFile, type GenerateOptions, type GenerateResult } from './generate';
export { writeProject, checkTarget, type WriteProjectOptions, type WriteProjectResult } from './write-project';
