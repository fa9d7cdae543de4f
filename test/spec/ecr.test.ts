import { describe, expect, it } from 'vitest';
import { parseEcrImage, validateImage } from '../../src/spec';

describe('parseEcrImage', () => {
  it('splits a private ECR reference into account, region, domain, repository, tag and digest', () => {
    expect(parseEcrImage('123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:v1.2')).toEqual({
      account: '123456789012',
      region: 'eu-west-1',
      domain: 'amazonaws.com',
      repository: 'team/app',
      tag: 'v1.2',
    });
    const digest = `sha256:${'ab'.repeat(32)}`;
    expect(parseEcrImage(`210987654321.dkr.ecr.cn-northwest-1.amazonaws.com.cn/ecr-public/nginx/nginx@${digest}`)).toEqual({
      account: '210987654321',
      region: 'cn-northwest-1',
      domain: 'amazonaws.com.cn',
      repository: 'ecr-public/nginx/nginx',
      digest,
    });
    expect(parseEcrImage(`123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/app:1@${digest}`)).toEqual({
      account: '123456789012',
      region: 'us-gov-west-1',
      domain: 'amazonaws.com',
      repository: 'app',
      tag: '1',
      digest,
    });
    expect(parseEcrImage('123456789012.dkr.ecr.me-central-1.amazonaws.com/app')).toEqual({
      account: '123456789012',
      region: 'me-central-1',
      domain: 'amazonaws.com',
      repository: 'app',
    });
  });

  it('returns undefined for anything that is not one', () => {
    for (const image of [
      'nginx:1.27',
      'public.ecr.aws/nginx/nginx:1.27',
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com/app',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com.cn/app',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/a',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/App',
      '1234567890123.dkr.ecr.eu-west-1.amazonaws.com/app',
    ]) {
      expect(parseEcrImage(image), image).toBeUndefined();
    }
  });

  it('accepts exactly what the spec rule accepts', () => {
    for (const image of [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/ab',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/a',
      'nginx',
      `123456789012.dkr.ecr.eu-west-1.amazonaws.com/a.b-c_d/e:x@sha256:${'0'.repeat(64)}`,
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/a..b',
    ]) {
      expect(parseEcrImage(image) !== undefined, image).toBe(validateImage(image) === undefined);
    }
  });
});
