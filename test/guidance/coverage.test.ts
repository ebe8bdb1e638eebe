import * as core from 'aio-secure';
import * as cdk8s from 'aio-secure/cdk8s';
import * as pulumi from 'aio-secure/pulumi';
import { CONSTRUCT_GUIDANCE } from '../../lib/guidance/coverage';

// The coverage table claims what exists: every construct it names is exported by both backends.
describe('CONSTRUCT_GUIDANCE names what exists', () => {
  const constructs = Object.keys(CONSTRUCT_GUIDANCE).filter((n) => n !== 'firewallAllowlist');

  test.each(constructs)('%s is a class in aio-secure/cdk8s and aio-secure/pulumi', (name) => {
    expect(typeof (cdk8s as Record<string, unknown>)[name]).toBe('function');
    expect(typeof (pulumi as Record<string, unknown>)[name]).toBe('function');
  });

  test('firewallAllowlist is a function of aio-secure', () => {
    expect(typeof (core as Record<string, unknown>).firewallAllowlist).toBe('function');
  });
});
