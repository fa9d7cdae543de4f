import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FARGATE_MEMORY_BY_CPU, FARGATE_TASK_SIZES, MAX_FARGATE_TASK, SIDECAR_CPU, SIDECAR_MEMORY, fargateTaskSize } from '../../src/spec';
import { MAX_APP_CPU, MAX_APP_MEMORY } from '../../src/spec/fargate';

describe('Fargate task sizes', () => {
  it('lists the valid memory values per CPU value', () => {
    expect(Object.fromEntries([...FARGATE_MEMORY_BY_CPU].map(([cpu, mem]) => [cpu, [mem[0], mem[mem.length - 1], mem.length]]))).toEqual({
      256: [512, 2048, 3],
      512: [1024, 4096, 4],
      1024: [2048, 8192, 7],
      2048: [4096, 16384, 13],
      4096: [8192, 30720, 23],
      8192: [16384, 61440, 12],
      16384: [32768, 122880, 12],
    });
    expect(FARGATE_MEMORY_BY_CPU.get(256)).toEqual([512, 1024, 2048]);
    expect(FARGATE_MEMORY_BY_CPU.get(8192)?.slice(0, 3)).toEqual([16384, 20480, 24576]);
    expect(FARGATE_MEMORY_BY_CPU.get(16384)?.slice(0, 3)).toEqual([32768, 40960, 49152]);
  });

  it('orders the pairs by cpu, then memory', () => {
    const sorted = [...FARGATE_TASK_SIZES].sort((a, b) => a.cpu - b.cpu || a.memory - b.memory);
    expect(FARGATE_TASK_SIZES).toEqual(sorted);
    expect(FARGATE_TASK_SIZES).toHaveLength(74);
    expect(FARGATE_TASK_SIZES[FARGATE_TASK_SIZES.length - 1]).toEqual(MAX_FARGATE_TASK);
  });

  it('reserves the recommended Service Connect headroom', () => {
    expect(SIDECAR_CPU).toBe(256);
    expect(SIDECAR_MEMORY).toBe(64);
    expect(MAX_APP_CPU).toBe(16128);
    expect(MAX_APP_MEMORY).toBe(122816);
  });
});

describe('fargateTaskSize', () => {
  it.each([
    [0, 0, { cpu: 256, memory: 512 }],
    [128, 128, { cpu: 512, memory: 1024 }],
    [256, 512, { cpu: 512, memory: 1024 }],
    [256, 960, { cpu: 512, memory: 1024 }],
    [256, 961, { cpu: 512, memory: 2048 }],
    [256, 2048, { cpu: 512, memory: 3072 }],
    [512, 512, { cpu: 1024, memory: 2048 }],
    [1024, 8192, { cpu: 2048, memory: 9216 }],
    [768, 8128, { cpu: 1024, memory: 8192 }],
    [768, 8129, { cpu: 2048, memory: 9216 }],
    [4096, 30720, { cpu: 8192, memory: 32768 }],
    [16128, 122816, { cpu: 16384, memory: 122880 }],
  ])('fits app cpu %i and memory %i into %o', (cpu, memory, size) => {
    expect(fargateTaskSize(cpu, memory)).toEqual(size);
  });

  it('is undefined when nothing fits', () => {
    expect(fargateTaskSize(16129, 512)).toBeUndefined();
    expect(fargateTaskSize(256, 122817)).toBeUndefined();
  });

  it('is the smallest valid pair with room for the app and the sidecar', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 17000 }), fc.integer({ min: 0, max: 130000 }), (cpu, memory) => {
        const size = fargateTaskSize(cpu, memory);
        const fits = (s: { cpu: number; memory: number }) => s.cpu >= cpu + SIDECAR_CPU && s.memory >= memory + SIDECAR_MEMORY;
        if (size === undefined) {
          expect(FARGATE_TASK_SIZES.some(fits)).toBe(false);
          return;
        }
        expect(FARGATE_MEMORY_BY_CPU.get(size.cpu)).toContain(size.memory);
        expect(fits(size)).toBe(true);
        const index = FARGATE_TASK_SIZES.findIndex((s) => s.cpu === size.cpu && s.memory === size.memory);
        expect(FARGATE_TASK_SIZES.slice(0, index).some(fits)).toBe(false);
      }),
    );
  });

  it('always fits app shares within the per-field maximums', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_APP_CPU }), fc.integer({ min: 0, max: MAX_APP_MEMORY }), (cpu, memory) => {
        expect(fargateTaskSize(cpu, memory)).toBeDefined();
      }),
    );
  });
});
