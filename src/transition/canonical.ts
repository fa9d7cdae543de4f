/**
 * Template values in a canonical text form: intrinsic functions become `${...}` tokens
 * (the Fn::Sub syntax) so two syntheses can be compared, hashed and committed.
 *
 *   ${Logical} ${Logical.Attr}    Ref / Fn::GetAtt of a resource in the same stack
 *   ${Stack/Output}               Fn::GetStackOutput (weak cross-stack reference)
 *   ${import:ExportName}          Fn::ImportValue (strong cross-stack reference)
 *   ${AWS::Region} ...            pseudo parameters, the same for every stack of an environment
 *   ${param:Name}                 a template parameter
 *   ${asset:0123456789ab}         a content hash of an asset (image, Lambda code), shortened
 *
 * A literal `${` in the template is written `${!` (Fn::Sub's own escape), so every `${`
 * without `!` is a token. `AWS::StackName` is replaced by the stack's name, so names built
 * from it compare right across stacks.
 */
import { createHash } from 'node:crypto';

export type AssetHashes = 'keep' | 'ignore';

export interface RenderContext {
  readonly stackName: string;
  /** Logical ids of the stack's resources (a Ref to anything else is a parameter or pseudo). */
  readonly resources: ReadonlySet<string>;
  /** Keep a shortened asset hash (default), or drop it so only structure is compared. */
  readonly assets: AssetHashes;
}

/** A rendered value and the references it makes (see `refKind` for their syntax). */
export interface Rendered {
  readonly value: unknown;
  readonly refs: ReadonlySet<string>;
}

/**
 * Reference syntax in records: `Logical` (same stack), `Stack/Output` (weak),
 * `import:Name` (strong). Logical ids, output and stack names never contain `/`.
 */
export type RefKind = 'resource' | 'output' | 'import';

export function refKind(ref: string): RefKind {
  if (ref.startsWith('import:')) return 'import';
  return ref.includes('/') ? 'output' : 'resource';
}

/** CDK asset hashes are 64 lowercase hex digits (sha256), in image tags and S3 keys. */
const ASSET_HASH = /\b[0-9a-f]{64}\b/g;

export function render(value: unknown, ctx: RenderContext): Rendered {
  const refs = new Set<string>();
  const out = renderValue(value, ctx, refs);
  return { value: out, refs };
}

function renderValue(value: unknown, ctx: RenderContext, refs: Set<string>): unknown {
  if (typeof value === 'string') return literal(value, ctx);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => renderValue(v, ctx, refs));
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const token = intrinsic(keys[0], obj[keys[0]], ctx, refs);
    if (token !== undefined) return token;
  }
  const result: Record<string, unknown> = {};
  for (const key of keys.sort()) result[key] = renderValue(obj[key], ctx, refs);
  return result;
}

function literal(s: string, ctx: RenderContext): string {
  const escaped = s.replace(/\$\{(?!!)/g, '${!');
  return escaped.replace(ASSET_HASH, (h) => (ctx.assets === 'keep' ? `\${asset:${h.slice(0, 12)}}` : '${asset}'));
}

function refToken(name: string, ctx: RenderContext, refs: Set<string>): string {
  if (name === 'AWS::StackName') return ctx.stackName;
  if (name === 'AWS::StackId') return `\${AWS::StackId@${ctx.stackName}}`;
  if (name.startsWith('AWS::')) return `\${${name}}`;
  if (ctx.resources.has(name)) {
    refs.add(name);
    return `\${${name}}`;
  }
  return `\${param:${name}}`;
}

function attToken(id: string, attr: string, refs: Set<string>): string {
  refs.add(id);
  return `\${${id}.${attr}}`;
}

/** The token for a one-key object that is an intrinsic we resolve; undefined for others. */
function intrinsic(fn: string, arg: unknown, ctx: RenderContext, refs: Set<string>): unknown {
  switch (fn) {
    case 'Ref':
      return typeof arg === 'string' ? refToken(arg, ctx, refs) : undefined;
    case 'Fn::GetAtt': {
      const [id, ...attr] = Array.isArray(arg) ? arg : typeof arg === 'string' ? arg.split('.') : [];
      return typeof id === 'string' && attr.every((a) => typeof a === 'string') ? attToken(id, attr.join('.'), refs) : undefined;
    }
    case 'Fn::GetStackOutput': {
      const a = (arg ?? {}) as Record<string, unknown>;
      const stack = renderValue(a.StackName, ctx, refs);
      const output = renderValue(a.OutputName, ctx, refs);
      // Region and RoleArn select another region or account: this model covers one environment.
      if (typeof stack !== 'string' || typeof output !== 'string' || /[/$]/.test(stack + output)) return undefined;
      refs.add(`${stack}/${output}`);
      return `\${${stack}/${output}}`;
    }
    case 'Fn::ImportValue': {
      const name = renderValue(arg, ctx, refs);
      if (typeof name !== 'string') return undefined;
      refs.add(`import:${name}`);
      return `\${import:${name}}`;
    }
    case 'Fn::Sub':
      return sub(arg, ctx, refs);
    case 'Fn::Join': {
      if (!Array.isArray(arg) || typeof arg[0] !== 'string' || !Array.isArray(arg[1])) return undefined;
      const parts = arg[1].map((p) => renderValue(p, ctx, refs));
      return parts.every((p) => typeof p === 'string' || typeof p === 'number') ? parts.join(arg[0]) : undefined;
    }
    default:
      return undefined;
  }
}

function sub(arg: unknown, ctx: RenderContext, refs: Set<string>): string | undefined {
  const [template, vars] = Array.isArray(arg) ? arg : [arg, {}];
  if (typeof template !== 'string') return undefined;
  const variables = (vars ?? {}) as Record<string, unknown>;
  const replaced = template.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    if (inner.startsWith('!')) return whole;
    if (inner in variables) {
      const v = renderValue(variables[inner], ctx, refs);
      return typeof v === 'string' ? v : JSON.stringify(v);
    }
    const dot = inner.indexOf('.');
    return dot > 0 && !inner.startsWith('AWS::') ? attToken(inner.slice(0, dot), inner.slice(dot + 1), refs) : refToken(inner, ctx, refs);
  });
  return replaced.replace(ASSET_HASH, (h) => (ctx.assets === 'keep' ? `\${asset:${h.slice(0, 12)}}` : '${asset}'));
}

/** JSON with sorted keys: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .filter((k) => obj[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

/** 16 hex digits of sha256: collisions are not a concern at a few thousand resources. */
export function hash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

/** Values kept verbatim in a record when short (readable diffs and messages), else hashed. */
export const MAX_VERBATIM = 64;

/** A rendered value as record text: a string as is, anything else as JSON; `~hash` when long. */
export function compactText(value: unknown): string {
  const text = typeof value === 'string' ? value : canonicalJson(value);
  return text.length <= MAX_VERBATIM && !text.startsWith('~') ? text : `~${hash(value)}`;
}

/** The text of a name or scope: always verbatim (names are short and shown to people). */
export function nameText(value: unknown): string {
  return typeof value === 'string' ? value : canonicalJson(value);
}

/** Every `${token}` of a text (escaped `${!` excluded). */
export function tokens(text: string): string[] {
  return [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1]);
}

/** Replaces every `${token}` of a text by `fn(token)`. */
export function mapTokens(text: string, fn: (token: string) => string): string {
  return text.replace(/\$\{([^!}][^}]*)\}/g, (_whole, token: string) => fn(token));
}
