/**
 * The rules between services, checked while the prompts assemble the list, with the
 * normalizer's own messages: a prompt refuses what the spec file would refuse.
 */
import * as m from '../spec/messages';
import { suggest, validatePublicPath, validateServiceName } from '../spec/rules';
import type { Role } from '../spec/types';

/** A service while the spec is being assembled. */
export interface Draft {
  name: string;
  role: Role;
  port: number;
  public: boolean;
  publicPath: string;
  calls: string[];
}

export function checkServiceName(name: string, services: readonly Draft[]): string | undefined {
  const problem = validateServiceName(name);
  if (problem !== undefined) return problem;
  const first = services.findIndex((s) => s.name === name);
  return first >= 0 ? m.duplicateServiceName(name, `services[${first}]`) : undefined;
}

export function checkPublicPath(path: string, services: readonly Draft[]): string | undefined {
  const problem = validatePublicPath(path);
  if (problem !== undefined) return problem;
  const first = services.findIndex((s) => s.public && s.publicPath === path);
  return first >= 0 ? m.duplicatePublicPath(path, false, `services[${first}]`, services[first].name) : undefined;
}

/** `calls` of the service at `index` (named `self`), against the services before it. */
export function checkCalls(calls: readonly string[], self: string, index: number, services: readonly Draft[]): string | undefined {
  const known = services.map((s) => s.name);
  const seen = new Map<string, number>();
  for (const [i, call] of calls.entries()) {
    const problem = validateServiceName(call);
    if (problem !== undefined) return problem;
    const first = seen.get(call);
    if (first !== undefined) return m.callDuplicate(call, `services[${index}].calls[${first}]`);
    seen.set(call, i);
    if (call === self) return m.callSelf(call);
    const target = services.find((s) => s.name === call);
    if (target === undefined) return m.callNotAService(call, suggest(call, known), known);
    if (target.role === 'client-only') return m.callClientOnly(call);
  }
  return undefined;
}

/** The services before this one that call it (each gets `self` appended to its `calls`). */
export function checkCallers(callers: readonly string[], self: string, services: readonly Draft[]): string | undefined {
  const known = services.map((s) => s.name);
  for (const caller of callers) {
    if (caller === self) return m.callSelf(caller);
    if (!known.includes(caller)) return m.callNotAService(caller, suggest(caller, known), known);
  }
  return undefined;
}
