/**
 * A fast-check generator of valid EdgePki props of both profiles, shared by the model and schema
 * tests (not a test file itself, like ../arm/secure-broker-props.ts).
 */
import * as fc from 'fast-check';
import type { EdgePkiProps } from 'aio-secure';

const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?$/);
const quickstartLike = (s: string) => /-aio-(certificate-issuer|ca-certificate)$/.test(s);
const objectName = dnsLabel.filter((s) => !quickstartLike(s));
const key = fc.constantFrom(undefined, 'ca.crt', 'tls.crt', 'root.pem');
const source = fc.oneof(
  fc.record({ secret: fc.record({ name: objectName, key }) }),
  fc.record({ configMap: fc.record({ name: objectName, key }) }),
);
const policy = fc
  .record({
    lifetimeHours: fc.integer({ min: 1, max: 2160 }),
    caHours: fc.integer({ min: 2, max: 8760 }),
    fraction: fc.double({ min: 0.1, max: 0.5, noNaN: true }),
    keyAlgorithm: fc.constantFrom('Ec256' as const, 'Ec384' as const, 'Rsa4096' as const, 'Rsa8192' as const),
  })
  .filter((p) => p.caHours > p.lifetimeHours)
  .map((p) => ({ lifetime: `${p.lifetimeHours}h`, caLifetime: `${p.caHours}h`, renewBeforeFraction: p.fraction, keyAlgorithm: p.keyAlgorithm }));
const clientCa = fc.option(
  fc.oneof(
    fc.record({ existingConfigMap: objectName }),
    fc.record({ source, configMapName: fc.constantFrom(undefined, 'device-ca') }),
  ),
  { nil: undefined },
);
const labels = fc.option(fc.constantFrom({ 'ca-bundle/inject': 'enabled' }, { tier: 'edge', 'example.com/trust': 'yes' }), { nil: undefined });

/** Valid EdgePki props of either profile. */
export function edgePkiProps(): fc.Arbitrary<EdgePkiProps> {
  const common = { namespace: fc.option(dnsLabel, { nil: undefined }), certificatePolicy: fc.option(policy, { nil: undefined }), clientCa, trustBundleNamespaceLabels: labels };
  const development = fc.record({ profile: fc.constant('development' as const), ...common });
  const productionSecret = fc.record({
    profile: fc.constant('production' as const), ...common,
    caSecretName: objectName,
    trustSource: fc.option(source, { nil: undefined }),
    issuerName: fc.option(objectName, { nil: undefined }),
    trustBundleName: fc.option(fc.constantFrom('plant-trust', 'site-ca-bundle'), { nil: undefined }),
  });
  const productionExternal = fc.record({
    profile: fc.constant('production' as const), ...common,
    externalIssuer: fc.oneof(
      fc.record({ name: objectName, kind: fc.constantFrom('ClusterIssuer', 'Issuer') }),
      fc.record({ name: objectName, kind: fc.constantFrom('AWSPCAClusterIssuer', 'VenafiClusterIssuer'), group: fc.constantFrom('awspca.cert-manager.io', 'jetstack.io') }),
    ),
    trustSource: source,
  });
  return fc.oneof(development, productionSecret, productionExternal).map((p) => {
    // Drop undefined optionals so that the props look like hand-written ones.
    const out = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as EdgePkiProps;
    if (out.clientCa && 'configMapName' in out.clientCa && out.clientCa.configMapName === undefined) {
      const { configMapName: _c, ...rest } = out.clientCa;
      return { ...out, clientCa: rest };
    }
    return out;
  });
}

