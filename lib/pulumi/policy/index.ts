/**
 * aio-secure's CrossGuard policy pack: the guidance rules, run on the resources Pulumi sees
 * (azure-native iotoperations resources at any API version, and Kubernetes objects), with
 * enforcement levels from the profile.
 *
 * A policy pack is a folder with a `PulumiPolicy.yaml` and a program that serves the pack:
 *
 * ```ts
 * import { createPolicyPack } from 'aio-secure/pulumi/policy';
 * createPolicyPack('aio-secure', { profile: 'production' });
 * ```
 *
 * Importing this module serves nothing; only `createPolicyPack` starts the analyzer, so tests and
 * other tools call the policies from `aioSecurePolicies()` directly.
 */
export * from './policies';
export * from './read-stack';
