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
export {
  importCopilot,
  formatReport,
  formatReportMarkdown,
  formatSpecYaml,
  type CopilotFiles,
  type ImportOptions,
  type ImportReport,
  type ImportResult,
  type ReportEntry,
  type ReportSubject,
} from '../import';
