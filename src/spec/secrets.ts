/**
 * A service's secret references (`secrets: { NAME: ref }`): what a reference may say and
 * what it names. Pure; the normalizer checks with `validateSecretRef`, the plan and the
 * infrastructure read the parts with `parseSecretRef`.
 *
 * - `ssm:<parameter name or ARN>`: an SSM Parameter Store parameter (String or SecureString).
 * - `secretsmanager:<secret name or ARN>[#<json-key>]`: a Secrets Manager secret, whole or
 *   one top-level key of its JSON.
 *
 * Customer-managed KMS keys are out of the spec: SSM and Secrets Manager decrypt on the
 * server side, so a reference needs no `kms` endpoint, only `kms:Decrypt` for the service's
 * execution role on that key, which the key policy or `src/main.ts` grants (README).
 */
import * as m from './messages';

export type SecretService = 'ssm' | 'secretsmanager';

/** A valid reference, in parts. Exactly one of `name` and `arn`. */
export interface SecretRef {
  readonly service: SecretService;
  /** The parameter or secret name, as given (an SSM name may start with `/`). */
  readonly name?: string;
  /** The ARN, as given. */
  readonly arn?: string;
  /** Secrets Manager only: one top-level key of the secret's JSON. */
  readonly jsonKey?: string;
}

export const SECRET_LIMITS = { ssmNameMaxLength: 1011, secretNameMaxLength: 512 } as const;

const SSM_NAME = /^\/?[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]+$/;
const ARN = /^arn:(aws[a-z-]*):(ssm|secretsmanager):([a-z]{2}(?:-[a-z]+)+-[0-9]):([0-9]{12}):(.*)$/;
/** Printable ASCII without `:` (ValueFrom's separator) or `#`. */
const JSON_KEY = /^(?:(?![:#])[!-~])+$/;

/** The message for an invalid reference, else `undefined`. */
export function validateSecretRef(ref: string): string | undefined {
  return readRef(ref).problem;
}

/** The parts of a reference that `validateSecretRef` accepts. Throws on any other. */
export function parseSecretRef(ref: string): SecretRef {
  const read = readRef(ref);
  if (read.ref === undefined) throw new Error(read.problem);
  return read.ref;
}

function readRef(ref: string): { readonly ref?: SecretRef; readonly problem?: string } {
  const colon = ref.indexOf(':');
  const service = ref.slice(0, colon);
  if (colon < 0 || (service !== 'ssm' && service !== 'secretsmanager')) return { problem: m.secretRefInvalid(ref) };
  let rest = ref.slice(colon + 1);
  let jsonKey: string | undefined;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    if (service === 'ssm') return { problem: m.secretRefSsmJsonKey(ref) };
    jsonKey = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
    if (!JSON_KEY.test(jsonKey)) return { problem: m.secretRefJsonKey(ref) };
  }
  if (rest === '') return { problem: m.secretRefInvalid(ref) };
  const key = jsonKey !== undefined ? { jsonKey } : {};
  if (rest.startsWith('arn:')) {
    const parts = ARN.exec(rest);
    if (parts === null || parts[2] !== service) return { problem: m.secretRefArn(ref, service) };
    const resource = parts[5];
    const name = service === 'ssm' ? /^parameter(\/.*)$/.exec(resource)?.[1] : /^secret:(.*)$/.exec(resource)?.[1];
    if (name === undefined || !nameOk(service, name)) return { problem: m.secretRefArn(ref, service) };
    return { ref: { service, arn: rest, ...key } };
  }
  if (!nameOk(service, rest)) return { problem: service === 'ssm' ? m.secretRefSsmName(ref) : m.secretRefSecretName(ref) };
  return { ref: { service, name: rest, ...key } };
}

function nameOk(service: SecretService, name: string): boolean {
  return service === 'ssm'
    ? name.length <= SECRET_LIMITS.ssmNameMaxLength && SSM_NAME.test(name)
    : name.length <= SECRET_LIMITS.secretNameMaxLength && SECRET_NAME.test(name);
}
