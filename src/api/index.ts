export { generate, type GeneratedFile, type GenerateOptions, type GenerateResult } from './generate';
export { writeProject, checkTarget, type WriteProjectOptions, type WriteProjectResult } from './write-project';
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
