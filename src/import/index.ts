/**
 * Importing an AWS Copilot application: its manifests in, a spec and an import report out.
 */
export { importCopilot, DEFAULT_REPOSITORY_DIR, WORKSPACE_FILE } from './import-copilot';
export { formatReport, formatReportMarkdown, formatSpecYaml, countByStatus } from './report';
export { FIELD_RULES, UNMAPPED_WORKLOADS, MAPPED_WORKLOADS, WORKLOAD_TYPES, fieldRule } from './field-map';
export type { FieldRule, FieldState } from './field-map';
export type { CopilotFiles, EntryStatus, ImportOptions, ImportReport, ImportResult, ReportEntry, ReportSubject } from './types';
