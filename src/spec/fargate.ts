/**
 * Fargate task sizes and the Service Connect sidecar headroom.
 *
 * A Fargate task must use one of a fixed set of CPU/memory pairs. The spec gives the app's
 * own share; the task also runs the Service Connect agent (Envoy), for which AWS recommends
 * adding 256 CPU units and at least 64 MiB. The task size is the smallest valid pair that
 * holds both.
 */

/** CPU units AWS recommends adding to the task for the Service Connect sidecar. */
export const SIDECAR_CPU = 256;

/** Memory (MiB) AWS recommends adding to the task for the Service Connect sidecar. */
export const SIDECAR_MEMORY = 64;

/** One valid Fargate task size. */
export interface FargateTaskSize {
  /** CPU units (1024 = 1 vCPU). */
  readonly cpu: number;
  /** Memory in MiB. */
  readonly memory: number;
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/** Valid memory values (MiB) per CPU value, both ascending (Fargate Linux task sizes). */
export const FARGATE_MEMORY_BY_CPU: ReadonlyMap<number, readonly number[]> = new Map<number, readonly number[]>([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
]);

/** Every valid pair, ordered by cpu then memory. */
export const FARGATE_TASK_SIZES: readonly FargateTaskSize[] = [...FARGATE_MEMORY_BY_CPU].flatMap(([cpu, memories]) =>
  memories.map((memory) => ({ cpu, memory })),
);

/** The largest Fargate task. */
export const MAX_FARGATE_TASK: FargateTaskSize = { cpu: 16384, memory: 122880 };

/** The largest app share (cpu) that still fits the largest task with the sidecar. */
export const MAX_APP_CPU = MAX_FARGATE_TASK.cpu - SIDECAR_CPU;

/** The largest app share (memory, MiB) that still fits the largest task with the sidecar. */
export const MAX_APP_MEMORY = MAX_FARGATE_TASK.memory - SIDECAR_MEMORY;

/**
 * The smallest valid Fargate task size (by cpu, then memory) with room for the app's share
 * plus the Service Connect sidecar: cpu >= appCpu + 256 and memory >= appMemory + 64.
 * `undefined` when no Fargate size is large enough.
 */
export function fargateTaskSize(appCpu: number, appMemory: number): FargateTaskSize | undefined {
  const cpu = appCpu + SIDECAR_CPU;
  const memory = appMemory + SIDECAR_MEMORY;
  return FARGATE_TASK_SIZES.find((size) => size.cpu >= cpu && size.memory >= memory);
}
