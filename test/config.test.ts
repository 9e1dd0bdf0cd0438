import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const base = { MIXX_SECRET: 'config-test-secret-0123456789-abcdefghijklmn', MIXX_DATA_DIR: '/tmp/mixx-config-test' };

describe('MIXX_TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['false', false],
    ['0', false],
    ['true', 1],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/8', ['10.0.0.0/8']],
    ['10.0.0.1, 192.168.0.0/16, ::1, fd00::/8', ['10.0.0.1', '192.168.0.0/16', '::1', 'fd00::/8']],
  ])('reads %s as %j', (value, expected) => {
    expect(loadConfig({ ...base, MIXX_TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each(['perhaps', '10.0.0.0/33', '300.1.1.1', '10.0.0.0/8,', 'fd00::/129'])('refuses %s, naming the variable', (value) => {
    expect(() => loadConfig({ ...base, MIXX_TRUST_PROXY: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, MIXX_TRUST_PROXY: value })).toThrow(/^MIXX_TRUST_PROXY: /);
  });
});

describe('MIXX_REDIS_PREFIX', () => {
  it('defaults to mixx: and refuses what could not be a key prefix', () => {
    expect(loadConfig(base).redisPrefix).toBe('mixx:');
    expect(() => loadConfig({ ...base, MIXX_REDIS_PREFIX: 'has space' })).toThrow(/^MIXX_REDIS_PREFIX: /);
  });
});
