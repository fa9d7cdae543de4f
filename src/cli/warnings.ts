/**
 * What the CLI's summary warns about before anything is deployed: a valid spec whose
 * result the user may not expect. Plain lines, the same in a pipe and in a CI log; on a
 * terminal `formatWarnings` makes each warning a paragraph wrapped to its width, with its
 * first word emphasised.
 */
import type { Plan } from '../plan';
import { PLAIN, wrapLine, type Style } from '../terminal';

/** The summary's warnings and notes about a plan, one printable line each; none when there is nothing to say. */
export function summaryWarnings(plan: Plan): string[] {
  return [...plainHttpWarning(plan), ...healthCheckNotes(plan), ...alarmsNote(plan)];
}

/** Without `alarms`, the alarms the platform creates change state and tell nobody. */
function alarmsNote(plan: Plan): string[] {
  if (plan.alarms !== undefined) return [];
  return [
    `note: alarms notify nobody: the ${plan.services.length === 1 ? 'alarm' : `${plan.services.length} alarms`} (a service running fewer tasks than desired) ` +
      'only change state in CloudWatch; set alarms: { email: <address> } or { topicArn: <SNS topic ARN> } to be told',
  ];
}

/** A public load balancer without `domain` and `certificateArn` serves plain HTTP; under `profile: prod` the warning is louder. */
function plainHttpWarning(plan: Plan): string[] {
  const exposed = plan.services.filter((s) => s.public);
  if (exposed.length === 0 || plan.certificateArn !== undefined) return [];
  const routes = exposed.map((s) => `${s.name} (${s.publicPath})`).join(', ');
  if (plan.profile !== 'prod') {
    return [`warning: the load balancer serves plain HTTP on port 80 (no domain and certificateArn): ${routes}; set both for HTTPS`];
  }
  return [
    'WARNING: PLAIN HTTP IN PRODUCTION (profile prod): the internet-facing load balancer serves',
    `  ${routes} over unencrypted HTTP on port 80; requests and responses cross the internet in clear text.`,
    '  Fix: add domain and certificateArn to the spec (in the generated repository: .projenrc.ts), with an',
    '  ACM certificate for that domain in the region you deploy to; the load balancer then serves HTTPS on 443',
    '  and redirects HTTP to it.',
  ];
}

/** Each service without a container health check, and what ECS checks instead. */
function healthCheckNotes(plan: Plan): string[] {
  return plan.services
    .filter((s) => s.containerHealthCheck === undefined)
    .map((s) => {
      const why =
        s.healthCheckCommand !== undefined
          ? 'healthCheckCommand: none'
          : `${s.dockerBuild !== undefined ? 'built from your Dockerfile' : 'an image service'} without healthCheckCommand`;
      const alb = s.public ? `; the load balancer still checks ${s.healthCheckPath}` : '';
      return (
        `note: ${s.name} has no container health check (${why}): ECS only checks that its container keeps running${alb}; ` +
        'set healthCheckCommand to a shell command the image can run to add one'
      );
    });
}

/** Lines joined into paragraphs: an indented line continues the one before. */
function paragraphs(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (/^ {2}\S/.test(line) && out.length > 0) out[out.length - 1] += ` ${line.trim()}`;
    else out.push(line);
  }
  return out;
}

/**
 * The warnings as printed: as they are without a width (a pipe); given one (a terminal),
 * each warning one paragraph wrapped to it under an indent. `warning`, `WARNING ...` and
 * `note` are emphasised where `style` has colour.
 */
export function formatWarnings(lines: readonly string[], output: { readonly width?: number; readonly style?: Style } = {}): string[] {
  const style = output.style ?? PLAIN;
  const mark = (line: string) => line.replace(/^(warning|WARNING[^:]*|note)(?=:)/, (w) => (w === 'note' ? style.bold(w) : style.warn(w)));
  if (output.width === undefined) return lines.map(mark);
  const width = output.width;
  return paragraphs(lines).flatMap((p) => wrapLine(mark(p), width, { indent: '  ' }));
}
