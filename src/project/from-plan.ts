import { FargateConnectProject } from './fargate-connect-project';
import { handOver, type PlannedSpec } from './handoff';
import type { FargateConnectProjectOptions } from './options';

/**
 * The project type for a spec already normalized and planned (the generator's path, not
 * part of the jsii surface): nothing is normalized or planned again, and no placement is
 * read from `outdir` (the plan holds it).
 */
export function projectFromPlan(
  planned: PlannedSpec,
  options: { readonly outdir: string; readonly generatorDependency?: string; readonly infraSwitches?: Readonly<Record<string, boolean>> },
): FargateConnectProject {
  const projectOptions: FargateConnectProjectOptions = {
    name: planned.spec.name,
    outdir: options.outdir,
    ...(options.generatorDependency !== undefined ? { generatorDependency: options.generatorDependency } : {}),
    ...(options.infraSwitches !== undefined ? { infraSwitches: { ...options.infraSwitches } } : {}),
  };
  handOver(projectOptions, planned);
  return new FargateConnectProject(projectOptions);
}
