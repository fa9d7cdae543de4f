import Handlebars from 'handlebars';
import { upperSnake } from '../plan';

/**
 * The one Handlebars environment every template is rendered with. The helper set is
 * fixed and small on purpose: templates stay declarative, and anything a user typed
 * reaches TypeScript, YAML or JSON only through `json`, which emits a quoted, escaped
 * literal (a JSON string is also a valid YAML scalar and TypeScript expression).
 */
const hbs = Handlebars.create();

hbs.registerHelper('json', (value: unknown, indent?: unknown) => {
  const spaces = typeof indent === 'number' ? indent : undefined;
  // JSON.stringify leaves U+2028/2029 raw; escape them so no consumer sees a line break.
  return new hbs.SafeString((JSON.stringify(value, null, spaces) ?? 'undefined').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
});
hbs.registerHelper('upperSnake', (value: unknown) => upperSnake(String(value)));
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
hbs.registerHelper('join', (items: unknown, sep: unknown) => (Array.isArray(items) ? items.join(typeof sep === 'string' ? sep : ', ') : ''));

const cache = new Map<string, Handlebars.TemplateDelegate>();

/** Renders one template's source against a context; compiled templates are cached. */
export function renderTemplate(source: string, context: object): string {
  let compiled = cache.get(source);
  if (!compiled) {
    // strict: a typo'd variable is an error at generation time, not an empty string.
    compiled = hbs.compile(source, { strict: true, noEscape: false });
    cache.set(source, compiled);
  }
  return compiled(context);
}
