/**
 * The transition model: from two synthesized CDK assemblies, before (deployed) and after,
 * what `cdk deploy --all` and CloudFormation will do, and what will fail or be lost.
 *
 *   const before = parseRecord(readFileSync('transitions.json', 'utf8'));
 *   const after = recordAssembly('cdk.out');
 *   const report = modelTransition(before, after);
 *   process.stdout.write(formatReport(report));
 *   process.exitCode = exitCode(report);
 *
 * Imported by generated repositories as 'create-fargate-connect/lib/transition'. The rules
 * and their sources are in docs/TRANSITIONS.md.
 */
export {
  recordAssembly,
  recordTemplates,
  recordCloudAssembly,
  serializeRecord,
  parseRecord,
  stackDeployOrder,
  RECORD_VERSION,
  type AssemblyRecord,
  type StackRecord,
  type ResourceRecord,
  type OutputRecord,
  type NameRecord,
  type StackTemplate,
  type SynthesizedAssembly,
  type RecordOptions,
} from './record';
export { modelTransition } from './model';
export {
  exitCode,
  formatReport,
  formatHazards,
  SEVERITY,
  type Hazard,
  type HazardKind,
  type Severity,
  type ResourceAction,
  type ResourceChange,
  type StackChange,
  type StackStatus,
  type TransitionReport,
} from './report';
