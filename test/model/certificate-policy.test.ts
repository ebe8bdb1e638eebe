import * as fc from 'fast-check';
import {
  AioSecureError,
  aioKeySpec,
  aioPrivateKey,
  CERTIFICATE_POLICY_DEFAULTS,
  CERTIFICATE_POLICY_LIMITS,
  certManagerKeySpec,
  certManagerPrivateKey,
  formatGoDuration,
  keyFamilyOf,
  lifetimeFor,
  parseGoDuration,
  resolveCertificatePolicy,
  SECURE_BROKER_DEFAULTS,
  weakKeyProblem,
  type CertificateKeyAlgorithm,
  type CertificatePolicyProps,
} from 'aio-secure';

/** The error `fn` throws; fails the test when it throws something else or nothing. */
function errorOf(fn: () => unknown): AioSecureError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AioSecureError);
    return e as AioSecureError;
  }
  throw new Error('expected an AioSecureError');
}

describe('resolveCertificatePolicy defaults', () => {
  const p = resolveCertificatePolicy();

  test('snapshot of the default policy', () => expect(p).toMatchSnapshot());
  test('@default lifetime 2160h', () => expect(p.lifetime).toBe('2160h'));
  test('@default caLifetime 8760h', () => expect(p.caLifetime).toBe('8760h'));
  test('@default renewBeforeFraction 1/3', () => expect(p.renewBeforeFraction).toBe(1 / 3));
  test('@default keyAlgorithm Ec256', () => expect(p.keyAlgorithm).toBe('Ec256'));
  test('rotationPolicy is always Always', () => expect(p.rotationPolicy).toBe('Always'));
  test('the defaults object is what resolve applies', () => {
    expect(p).toEqual(CERTIFICATE_POLICY_DEFAULTS);
    expect(resolveCertificatePolicy({})).toEqual(p);
  });
  test('limits', () =>
    expect(CERTIFICATE_POLICY_LIMITS).toEqual({
      maxLifetimeHours: 2160,
      maxCaLifetimeHours: 8760,
      minLifetimeSeconds: 3600,
      minRenewBeforeSeconds: 300,
      maxRenewBeforeFraction: 0.5,
      minRsaBits: 3072,
    }));
});

describe('helpers', () => {
  test('lifetimeFor gives Go durations; the default policy reproduces SecureBroker\'s defaults', () => {
    const p = resolveCertificatePolicy();
    expect(lifetimeFor(p)).toEqual(SECURE_BROKER_DEFAULTS.certificates);
    expect(lifetimeFor(resolveCertificatePolicy({ lifetime: '240h' }))).toEqual(SECURE_BROKER_DEFAULTS.internalCertificates);
    expect(lifetimeFor(p, 'ca')).toEqual({ duration: '8760h', renewBefore: '2920h' });
    expect(lifetimeFor(resolveCertificatePolicy({ lifetime: '1h30m', renewBeforeFraction: 0.5 }))).toEqual({ duration: '1h30m', renewBefore: '45m' });
    expect(lifetimeFor(resolveCertificatePolicy({ lifetime: '25h', renewBeforeFraction: 0.1 }))).toEqual({ duration: '25h', renewBefore: '150m' });
  });

  test('aioPrivateKey and certManagerPrivateKey write the same key in both formats, always rotated', () => {
    const table: [CertificateKeyAlgorithm, string, string, number][] = [
      ['Ec256', 'Ec256', 'ECDSA', 256],
      ['Ec384', 'Ec384', 'ECDSA', 384],
      ['Rsa4096', 'Rsa4096', 'RSA', 4096],
      ['Rsa8192', 'Rsa8192', 'RSA', 8192],
    ];
    for (const [keyAlgorithm, aio, cm, size] of table) {
      const p = resolveCertificatePolicy({ keyAlgorithm });
      expect(aioPrivateKey(p)).toEqual({ algorithm: aio, rotationPolicy: 'Always' });
      expect(certManagerPrivateKey(p)).toEqual({ algorithm: cm, size, rotationPolicy: 'Always' });
      // One key family per chain: both formats describe the same key.
      expect(aioKeySpec(aioPrivateKey(p).algorithm)).toEqual(certManagerKeySpec(certManagerPrivateKey(p)));
      expect(aioKeySpec(aio)!.family).toBe(keyFamilyOf(keyAlgorithm));
    }
  });

  test('the default keys are the ones SecureBroker already writes', () => {
    expect(aioPrivateKey(resolveCertificatePolicy())).toEqual(SECURE_BROKER_DEFAULTS.privateKey);
    expect(certManagerPrivateKey(resolveCertificatePolicy())).toEqual({ algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' });
  });

  test('aioKeySpec reads both cases the CRD accepts and nothing else', () => {
    expect(aioKeySpec('Rsa2048')).toEqual({ family: 'RSA', size: 2048 });
    expect(aioKeySpec('rsa2048')).toEqual({ family: 'RSA', size: 2048 });
    expect(aioKeySpec('Ed25519')).toEqual({ family: 'Ed25519', size: 256 });
    expect(aioKeySpec('Ec521')).toEqual({ family: 'EC', size: 521 });
    expect(aioKeySpec('EC256')).toBeUndefined();
    expect(aioKeySpec('Rsa3072')).toBeUndefined();
    expect(aioKeySpec(256)).toBeUndefined();
  });

  test('certManagerKeySpec applies cert-manager\'s defaults: no algorithm is RSA 2048', () => {
    expect(certManagerKeySpec(undefined)).toEqual({ family: 'RSA', size: 2048 });
    expect(certManagerKeySpec({})).toEqual({ family: 'RSA', size: 2048 });
    expect(certManagerKeySpec({ algorithm: 'RSA', size: 3072 })).toEqual({ family: 'RSA', size: 3072 });
    expect(certManagerKeySpec({ algorithm: 'ECDSA' })).toEqual({ family: 'EC', size: 256 });
    expect(certManagerKeySpec({ algorithm: 'Ed25519', size: 9 })).toEqual({ family: 'Ed25519', size: 256 });
    expect(certManagerKeySpec({ algorithm: 'DSA' })).toBeUndefined();
  });

  test('weakKeyProblem: RSA under 3072 bits is weak, RSA 3072 is not', () => {
    expect(weakKeyProblem({ family: 'RSA', size: 2048 })).toBe('RSA 2048 is weaker than RSA 3072');
    expect(weakKeyProblem({ family: 'RSA', size: 3072 })).toBeUndefined();
    expect(weakKeyProblem({ family: 'EC', size: 256 })).toBeUndefined();
    expect(weakKeyProblem({ family: 'EC', size: 224 })).toBe('EC P-224 is weaker than P-256');
    expect(weakKeyProblem(certManagerKeySpec(undefined)!)).toBe('RSA 2048 is weaker than RSA 3072');
  });

  test('formatGoDuration picks the largest whole unit', () => {
    expect(formatGoDuration(7200)).toBe('2h');
    expect(formatGoDuration(5400)).toBe('90m');
    expect(formatGoDuration(45)).toBe('45s');
    expect(formatGoDuration(2591999.9999999995)).toBe('720h');
  });
});

describe('resolveCertificatePolicy rejects bad input with a clear error', () => {
  const cases: [string, CertificatePolicyProps, string][] = [
    ['RSA 2048', { keyAlgorithm: 'Rsa2048' as never },
      'CertificatePolicy "default": keyAlgorithm is weaker than RSA 3072 (got "Rsa2048"). Use "Ec256" (the default), "Ec384", "Rsa4096" or "Rsa8192"'],
    ['RSA 3072, which AIO cannot write', { keyAlgorithm: 'Rsa3072' as never },
      'CertificatePolicy "default": keyAlgorithm is an RSA size that AIO broker certificates cannot use (AIO offers Rsa2048, Rsa4096, Rsa8192) (got "Rsa3072"). Use "Ec256" (the default), "Ec384", "Rsa4096" or "Rsa8192"'],
    ['Ed25519', { keyAlgorithm: 'Ed25519' as never },
      'CertificatePolicy "default": keyAlgorithm is not a key algorithm the policy allows (got "Ed25519"). Use "Ec256" (the default), "Ec384", "Rsa4096" or "Rsa8192"'],
    ['EC P-521', { keyAlgorithm: 'Ec521' as never },
      'CertificatePolicy "default": keyAlgorithm is not a key algorithm the policy allows (got "Ec521"). Use "Ec256" (the default), "Ec384", "Rsa4096" or "Rsa8192"'],
    ['lifetime over the maximum', { lifetime: '8760h' },
      'CertificatePolicy "default": lifetime is longer than the 2160h limit (got "8760h"). Use at most "2160h"; short lifetimes stand in for revocation'],
    ['CA lifetime over the maximum', { caLifetime: '87600h' },
      'CertificatePolicy "default": caLifetime is longer than the 8760h limit (got "87600h"). Use at most "8760h"; short lifetimes stand in for revocation'],
    ['lifetime under cert-manager\'s minimum', { lifetime: '30m' },
      'CertificatePolicy "default": lifetime is shorter than 1h, which cert-manager rejects (got "30m"). Use at least "1h"'],
    ['lifetime that is not a Go duration', { lifetime: '90 days' },
      'CertificatePolicy "default": lifetime is not a Go duration (got "90 days"). Use a Go duration such as "2160h" or "90m"'],
    ['renewBeforeFraction over one half', { renewBeforeFraction: 0.6 },
      'CertificatePolicy "default": renewBeforeFraction is outside (0, 0.5] (got 0.6). Renew when at most half of the lifetime remains and leave cert-manager time to renew, e.g. 1/3'],
    ['renewBeforeFraction zero', { renewBeforeFraction: 0 },
      'CertificatePolicy "default": renewBeforeFraction is outside (0, 0.5] (got 0). Renew when at most half of the lifetime remains and leave cert-manager time to renew, e.g. 1/3'],
    ['renewBeforeFraction not a number', { renewBeforeFraction: '1/3' as never },
      'CertificatePolicy "default": renewBeforeFraction is outside (0, 0.5] (got "1/3"). Renew when at most half of the lifetime remains and leave cert-manager time to renew, e.g. 1/3'],
    ['renewal under 5 minutes', { lifetime: '1h', renewBeforeFraction: 0.05 },
      'CertificatePolicy "default": lifetime renews 3m before expiry at renewBeforeFraction 0.05, under cert-manager\'s 5-minute minimum (got "1h"). Use a longer lifetime or a larger renewBeforeFraction'],
    ['a CA that does not outlive its certificates', { lifetime: '2160h', caLifetime: '2160h' },
      'CertificatePolicy "default": caLifetime is not longer than the lifetime 2160h of the certificates it signs (got "2160h"). A CA must outlive what it signs; use a caLifetime longer than 2160h, e.g. "8760h"'],
  ];

  test.each(cases)('%s', (_name, props, message) => {
    const e = errorOf(() => resolveCertificatePolicy(props));
    expect(e.message).toBe(message);
    expect(e.code).toBe('INVALID_PROP');
    expect(e.guidance).toBe('AS-2');
  });

  test('inside a construct, errors name the construct, its id and the prop path', () => {
    const e = errorOf(() => resolveCertificatePolicy({ keyAlgorithm: 'Rsa2048' as never }, { construct: 'SecureBroker', id: 'plant-a', path: 'certificatePolicy' }));
    expect(e.message).toBe('SecureBroker "plant-a": certificatePolicy.keyAlgorithm is weaker than RSA 3072 (got "Rsa2048"). Use "Ec256" (the default), "Ec384", "Rsa4096" or "Rsa8192"');
    expect(e.construct).toBe('SecureBroker');
    expect(e.constructId).toBe('plant-a');
    expect(e.propPath).toBe('certificatePolicy.keyAlgorithm');
  });

  test('a policy that is not an object', () => {
    expect(errorOf(() => resolveCertificatePolicy(null as never)).message).toBe(
      'CertificatePolicy "default": props is not a certificate policy (got null). Give { lifetime, caLifetime, renewBeforeFraction, keyAlgorithm }, or leave it out for the defaults');
  });
});

describe('property: every valid policy is bounded, rotated and of one strong key family', () => {
  const validProps = fc
    .record({
      lifetimeMinutes: fc.integer({ min: 60, max: 2160 * 60 }),
      caExtraMinutes: fc.integer({ min: 1, max: 8760 * 60 }),
      fraction: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
      keyAlgorithm: fc.constantFrom<CertificateKeyAlgorithm>('Ec256', 'Ec384', 'Rsa4096', 'Rsa8192'),
    })
    .filter((g) => g.lifetimeMinutes * 60 * g.fraction >= 300 && g.lifetimeMinutes + g.caExtraMinutes <= 8760 * 60)
    .map((g): CertificatePolicyProps => ({
      lifetime: `${g.lifetimeMinutes}m`,
      caLifetime: `${g.lifetimeMinutes + g.caExtraMinutes}m`,
      renewBeforeFraction: g.fraction,
      keyAlgorithm: g.keyAlgorithm,
    }));

  test('resolves, and lifetimeFor stays within the limits', () => {
    fc.assert(
      fc.property(validProps, (props) => {
        const p = resolveCertificatePolicy(props);
        expect(p.rotationPolicy).toBe('Always');
        for (const which of ['leaf', 'ca'] as const) {
          const { duration, renewBefore } = lifetimeFor(p, which);
          const d = parseGoDuration(duration)!;
          const r = parseGoDuration(renewBefore)!;
          const max = which === 'leaf' ? CERTIFICATE_POLICY_LIMITS.maxLifetimeHours : CERTIFICATE_POLICY_LIMITS.maxCaLifetimeHours;
          expect(d).toBeLessThanOrEqual(max * 3600);
          expect(r).toBeGreaterThanOrEqual(300);
          expect(r).toBeLessThanOrEqual(d / 2 + 1);
        }
        const aio = aioKeySpec(aioPrivateKey(p).algorithm)!;
        expect(aio).toEqual(certManagerKeySpec(certManagerPrivateKey(p)));
        expect(weakKeyProblem(aio)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});

test('aioKeySpec reads only AIO key names, never prototype properties', () => {
  expect(aioKeySpec('Ec256')).toEqual({ family: 'EC', size: 256 });
  expect(aioKeySpec('rsa2048')).toEqual({ family: 'RSA', size: 2048 });
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'EC256']) expect(aioKeySpec(name)).toBeUndefined();
});
