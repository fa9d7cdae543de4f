import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messages, normalizeSpec, suggest, validateHealthCheckCommand, validateImage, validatePort, validateServiceName } from '../../src/spec';
import { editDistance } from '../../src/spec/rules';

describe('messages', () => {
  it('notAPort', () => {
    expect(messages.notAPort(70000)).toBe('70000 is not a port (1-65535)');
  });

  it('privilegedPort names the field, says why, and what to use instead', () => {
    expect(messages.privilegedPort(80, 1024)).toBe(
      'port 80 is below 1024, which a non-root process cannot bind on Fargate (the generated app runs as the user "node"); ' +
        'use a port from 1024, e.g. 8080: the load balancer still listens on 80/443, and callers use http://<name>:<port>',
    );
  });

  it('quote escapes everything but printable ASCII', () => {
    expect(messages.quote('a"b\\c\nd\te\u001b[0m\u202e\u{1f600}é')).toBe('"a\\"b\\\\c\\nd\\te\\u001b[0m\\u202e\\u{1f600}\\u00e9"');
  });

  it('show cuts long strings and describes structures', () => {
    expect(messages.show('x'.repeat(101))).toBe(`"${'x'.repeat(100)}..."`);
    expect(messages.show(-0)).toBe('0');
    expect(messages.show([1])).toBe('list');
    expect(messages.show({})).toBe('mapping');
  });

  it('typeMismatch says what was given and what is expected', () => {
    expect(messages.typeMismatch('80', 'an integer')).toBe('"80" is a string, expected an integer');
    expect(messages.typeMismatch(8, 'a string')).toBe('8 is a number, expected a string');
    expect(messages.typeMismatch(false, 'a string')).toBe('false is a boolean, expected a string');
    expect(messages.typeMismatch(null, 'a string')).toBe('no value (null) was given, expected a string');
    expect(messages.typeMismatch([], 'a string')).toBe('a list was given, expected a string');
    expect(messages.typeMismatch({}, 'a string')).toBe('a mapping was given, expected a string');
    expect(messages.typeMismatch(new Uint8Array(1), 'a string')).toBe('a value of type Uint8Array was given, expected a string');
  });

  it('every message is one line, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        for (const message of [validateServiceName(s), messages.typeMismatch(s, 'x'), messages.unknownKey(s, ['a'])]) {
          if (message !== undefined) expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
        }
      }),
    );
  });
});

describe('shared validators (for the CLI prompts)', () => {
  it('return the same texts as the normalizer', () => {
    expect(validatePort(70000)).toBe('70000 is not a port (1-65535)');
    expect(validatePort(8080)).toBeUndefined();
    expect(validatePort(80)).toBe(messages.privilegedPort(80, 1024));
    expect(validatePort(1023)).toBe(messages.privilegedPort(1023, 1024));
    expect(validatePort(1024)).toBeUndefined();
    expect(validateImage('nginx:1.27')).toBe(messages.imageNotInEcr('nginx:1.27'));
    expect(validateHealthCheckCommand('none')).toBeUndefined();
    const result = normalizeSpec({ name: 'shop', services: [{ name: 'Orders', role: 'client-server', port: 8080 }] });
    expect(!result.ok && result.errors[0].message).toBe(validateServiceName('Orders'));
  });
});

describe('suggestions', () => {
  it('edit distance counts a transposition as one edit', () => {
    expect(editDistance('prot', 'port')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggest picks a close candidate, an alias, or a case-insensitive match', () => {
    const keys = ['name', 'role', 'port', 'calls', 'desiredCount'];
    expect(suggest('prot', keys)).toBe('port');
    expect(suggest('nmae', keys)).toBe('name');
    expect(suggest('DesiredCount', keys)).toBe('desiredCount');
    expect(suggest('replicas', keys, { replicas: 'desiredCount' })).toBe('desiredCount');
    expect(suggest('zzzz', keys)).toBeUndefined();
  });

  it('suggest does not offer a candidate as far away as the input is long', () => {
    expect(suggest('a', ['azs'])).toBeUndefined();
    expect(suggest('ab', ['azs'])).toBeUndefined();
    expect(suggest('az', ['azs'])).toBe('azs');
  });

  it('suggest never looks into an alias table prototype', () => {
    expect(suggest('constructor', ['name'], {})).toBeUndefined();
    expect(suggest('__proto__', ['name'], {})).toBeUndefined();
  });
});

describe('normalizeSpec on arbitrary input', () => {
  it('never throws and always returns either a spec or errors with paths and one-line messages', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const result = normalizeSpec(raw);
        if (result.ok) return;
        expect(result.errors.length).toBeGreaterThan(0);
        for (const e of result.errors) {
          expect(typeof e.path).toBe('string');
          expect(e.message).not.toMatch(/[\n\r]/);
        }
      }),
    );
  });

  it('never throws on arbitrary spec-shaped input', () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer({ min: -5, max: 70000 }),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
    );
    const service = fc.dictionary(
      fc.constantFrom('name', 'role', 'port', 'public', 'publicPath', 'calls', 'cpu', 'memory', 'desiredCount', 'healthCheckPath', 'image', 'prot'),
      value,
    );
    fc.assert(
      fc.property(fc.record({ name: value, services: fc.array(service, { maxLength: 4 }), azs: value, profile: value, domain: value }), (raw) => {
        const result = normalizeSpec(raw);
        expect(result.ok || result.errors.length > 0).toBe(true);
      }),
    );
  });
});
