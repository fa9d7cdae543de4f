export { generate, type FileOwner, type GeneratedFile, type GenerateOptions, type GenerateResult } from './generate';
export {
  writeProject,
  writeGenerated,
  checkTarget,
  type GeneratedProject,
  type WriteOptions,
  type WriteProjectOptions,
  type WriteProjectResult,
} from './write-project';
