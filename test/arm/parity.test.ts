/**
 * The proof issue 3 asks for: the rules see the same thing in the ARM template as in the YAML of
 * the same plan. The reference site's ARM template gives the same rule names and counts as its
 * YAML (none), through the library and through `aio-secure check`; an insecure plan and a
 * hand-written insecure ARM template give the same findings as their YAML twins.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import {
  checkResources,
  partitionForArm,
  planSecureBroker,
  readKubernetesText,
  readManifestText,
  renderArmTemplate,
  resolveSecureBroker,
  RULES,
  toKubernetesObject,
  type CheckResult,
  type Resource,
  type SecureBrokerProps,
} from 'aio-secure';
import { EXIT, runCli } from '../../lib/cli/run';
import { buildApp } from '../../examples/reference-site/main';
import { validateArmTemplate } from '../support/arm-types-validator';
import { IN_FULL, OPT_OUT } from './secure-broker-props';
import { pinDateToReferenceSiteRecords } from '../support/site-clock';

// The reference site's attestations and onboarding grant are dated: judge them on a day they hold.
pinDateToReferenceSiteRecords();

const NOW = new Date('2026-11-30T00:00:00Z');

/** What a finding says, without where it was read from. */
function findings(result: CheckResult): string[] {
  return result.findings.map((f) => [f.rule, f.messageId, f.outcome, f.severity, `${f.resource.kind}/${f.resource.name}`, f.path ?? '', f.waived ? 'waived' : 'open'].join(' '));
}

function notApplicable(result: CheckResult): string[] {
  return result.notApplicable.map((n) => `${n.rule} ${n.resource.kind}/${n.resource.name}: ${n.reason}`).sort();
}

function counts(result: CheckResult): object {
  const { total, unwaived, waived, unknown, waiverProblems, unusedWaivers, passed } = result.summary;
  return { total, unwaived, waived, unknown, waiverProblems, unusedWaivers, passed };
}

function readArm(resources: readonly Resource[]): Resource[] {
  const read = readManifestText(JSON.stringify(renderArmTemplate(resources)), 'site.arm.json');
  expect(read.problems).toEqual([]);
  return read.resources;
}

function readYaml(resources: readonly Resource[]): Resource[] {
  const read = readKubernetesText(resources.map((r) => stringify(toKubernetesObject(r))).join('---\n'), 'site.yaml');
  expect(read.problems).toEqual([]);
  return read.resources;
}

describe('the reference site: ARM template and YAML agree', () => {
  const app = buildApp(join(tmpdir(), 'aio-secure-parity-unused'));
  const yaml = app.synthYaml();
  // The site's AIO resources (its broker and its dataflows), as the YAML holds them.
  const aio = partitionForArm(readKubernetesText(yaml, 'reference-site.k8s.yaml').resources).arm;
  const template = renderArmTemplate(aio);

  test('the ARM template alone: no findings, the same counts as the YAML', () => {
    const fromYaml = checkResources(readKubernetesText(yaml, 'reference-site.k8s.yaml').resources, { now: NOW });
    const fromArm = checkResources(readManifestText(JSON.stringify(template), 'reference-site.arm.json').resources, { now: NOW });
    expect(findings(fromYaml)).toEqual([]);
    expect(findings(fromArm)).toEqual([]);
    expect(counts(fromArm)).toEqual(counts(fromYaml));
    expect(counts(fromArm)).toEqual({
      total: { error: 0, warning: 0, info: 0 }, unwaived: { error: 0, warning: 0, info: 0 },
      waived: 0, unknown: 0, waiverProblems: 0, unusedWaivers: 0, passed: true,
    });
  });

  test('deployed the production way (ARM for AIO resources, YAML for the Kubernetes-native issuer), every outcome is the same', () => {
    const all = readKubernetesText(yaml, 'reference-site.k8s.yaml').resources;
    const { kubernetes, resourceGroup } = partitionForArm(all);
    // The Kubernetes-native objects are everything but the AIO custom resources (the PKI's issuer
    // and trust bundles, secret sync, network policies, ... as the site grows).
    expect(kubernetes.map((r) => `${r.kind}/${r.name}`)).toEqual(expect.arrayContaining([
      'ClusterIssuer/azure-iot-operations-customer-ca-issuer',
      'Bundle/azure-iot-operations-customer-ca-trust-bundle',
      'Bundle/plant-a-device-ca',
    ]));
    expect(kubernetes.some((r) => r.group.endsWith('.iotoperations.azure.com'))).toBe(false);
    const fromYaml = checkResources(all, { now: NOW });
    // Every AIO resource of the site (the broker's, the dataflows', ...) through its template.
    const siteTemplate = renderArmTemplate(resourceGroup);
    const fromArm = checkResources([...readManifestText(JSON.stringify(siteTemplate), 'reference-site.arm.json').resources, ...kubernetes], { now: NOW });
    expect(findings(fromArm)).toEqual(findings(fromYaml));
    expect(notApplicable(fromArm)).toEqual(notApplicable(fromYaml));
    expect(counts(fromArm)).toEqual(counts(fromYaml));
    expect(fromArm.summary.resources).toBe(fromYaml.summary.resources);
  });

  describe('through aio-secure check', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'aio-secure-arm-parity-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    async function check(...files: string[]): Promise<{ code: number; report: { summary: Record<string, unknown>; findings: unknown[]; inputProblems: unknown[] } }> {
      let stdout = '';
      const code = await runCli(['check', ...files, '--format', 'json'], {
        stdout: (s) => { stdout += s; },
        stderr: () => undefined,
        readStdin: () => Buffer.alloc(0),
        isTty: false,
      });
      return { code, report: JSON.parse(stdout) };
    }

    test('exit 0 for both, with the same summary counts and no input problems', async () => {
      const yamlFile = join(dir, 'reference-site.k8s.yaml');
      const armFile = join(dir, 'reference-site.arm.json');
      writeFileSync(yamlFile, yaml);
      writeFileSync(armFile, JSON.stringify(template, null, 2));
      const fromYaml = await check(yamlFile);
      const fromArm = await check(armFile);
      expect([fromYaml.code, fromArm.code]).toEqual([EXIT.ok, EXIT.ok]);
      expect(fromArm.report.inputProblems).toEqual([]);
      const keys = ['total', 'unwaived', 'waived', 'unknown', 'waiverProblems', 'unusedWaivers', 'passed'];
      const pick = (s: Record<string, unknown>) => Object.fromEntries(keys.map((k) => [k, s[k]]));
      expect(pick(fromArm.report.summary)).toEqual(pick(fromYaml.report.summary));
      expect(fromArm.report.findings).toEqual([]);
      expect(fromArm.report.summary.objects).toBe(aio.length);
      expect(aio.map((r) => r.kind)).toEqual(expect.arrayContaining(['Broker', 'BrokerListener', 'DataflowProfile', 'Dataflow']));

      // The production layout: the template beside the YAML of the Kubernetes-native objects.
      const nativeFile = join(dir, 'reference-site.native.yaml');
      // Everything that is not an AIO custom resource (the PKI's issuer and trust bundles, secret syncs, network policies, ...).
      writeFileSync(nativeFile, parseAllDocuments(yaml).filter((d) => !/\.iotoperations\.azure\.com\//.test(String((d.toJS() as { apiVersion?: string } | null)?.apiVersion))).map((d) => d.toString()).join('---\n'));
      const both = await check(armFile, nativeFile);
      expect(both.code).toBe(EXIT.ok);
      expect(both.report.summary).toEqual({ ...fromYaml.report.summary, files: 2 });
      expect(both.report.findings).toEqual(fromYaml.report.findings);
    });
  });
});

describe('an insecure plan: ARM template and YAML give the same findings', () => {
  const props: SecureBrokerProps = {
    issuer: { kind: 'ClusterIssuer', name: 'azure-iot-operations-aio-certificate-issuer' },
    allowUnencryptedInternalTraffic: OPT_OUT,
    listeners: [{
      name: 'lab', serviceType: 'LoadBalancer', hostnames: ['lab.plant.example'],
      ports: [{ port: 1883, allowPlaintext: OPT_OUT }, { port: 8883 }],
      authentication: { serviceAccountToken: { audiences: ['lab-apps'] } },
    }],
    clients: [{ name: 'rig', usernames: ['rig'], clientIds: ['rig-1'], publish: ['lab/rig-1/#'] }],
  };
  const plan = planSecureBroker(resolveSecureBroker('lab', props));

  test.each(['production', 'development'] as const)('%s profile', (profile) => {
    const fromYaml = checkResources(readYaml(plan), { profile, now: NOW });
    const fromArm = checkResources(readArm(plan), { profile, now: NOW });
    expect(findings(fromArm)).toEqual(findings(fromYaml));
    expect(notApplicable(fromArm)).toEqual(notApplicable(fromYaml));
    expect(counts(fromArm)).toEqual(counts(fromYaml));
  });

  test('the findings are the opted-out ones (waived) and the quickstart issuer (open)', () => {
    const rules = RULES.filter((r) => ['listener-requires-tls', 'listener-customer-ca', 'broker-internal-encryption'].includes(r.name));
    expect(findings(checkResources(readArm(plan), { now: NOW, rules }))).toEqual([
      'listener-requires-tls noTls finding error BrokerListener/lab /spec/ports/0 waived',
      'listener-customer-ca quickstartIssuer finding error BrokerListener/lab /spec/ports/1/tls/certManagerCertificateSpec/issuerRef/name open',
      'broker-internal-encryption disabled finding error Broker/default /spec/advanced/encryptInternalTraffic waived',
    ]);
  });
});

describe('every SecureBroker feature at once: ARM template and YAML give the same findings', () => {
  test.each(['production', 'development'] as const)('%s profile', (profile) => {
    const plan = planSecureBroker(resolveSecureBroker('plant-a', IN_FULL));
    const fromYaml = checkResources(readYaml(plan), { profile, now: NOW });
    const fromArm = checkResources(readArm(plan), { profile, now: NOW });
    expect(findings(fromArm)).toEqual(findings(fromYaml));
    expect(findings(fromArm).length).toBeGreaterThan(0);
    expect(notApplicable(fromArm)).toEqual(notApplicable(fromYaml));
    expect(counts(fromArm)).toEqual(counts(fromYaml));
  });
});

describe('a hand-written insecure ARM template and its YAML twin give the same findings', () => {
  // What `az iot ops create --add-insecure-listener` adds: LoadBalancer, port 1883, no TLS, no authentication, no authorization.
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      instanceName: { type: 'string', defaultValue: 'aio-lab' },
      customLocationName: { type: 'string' },
    },
    resources: [{
      type: 'Microsoft.IoTOperations/instances/brokers/listeners',
      apiVersion: '2025-10-01',
      name: "[concat(parameters('instanceName'), '/default/default-insecure')]",
      extendedLocation: { name: "[resourceId('Microsoft.ExtendedLocation/customLocations', parameters('customLocationName'))]", type: 'CustomLocation' },
      properties: { serviceName: 'aio-broker-insecure', serviceType: 'LoadBalancer', ports: [{ port: 1883 }] },
    }],
  };
  const twin = `apiVersion: mqttbroker.iotoperations.azure.com/v1
kind: BrokerListener
metadata:
  name: default-insecure
  namespace: azure-iot-operations
spec:
  brokerRef: default
  serviceName: aio-broker-insecure
  serviceType: LoadBalancer
  ports:
    - port: 1883
`;

  test('it is a template ARM would accept', () => {
    expect(validateArmTemplate(template, { parameters: { instanceName: 'aio-lab', customLocationName: 'lab-cl' } })).toEqual([]);
  });

  test.each(['production', 'development'] as const)('%s profile', (profile) => {
    const arm = readManifestText(JSON.stringify(template, null, 2), 'insecure.json');
    expect(arm.problems).toEqual([]);
    expect(arm.resources.map((r) => [r.kind, r.name, r.parent?.name, r.unresolved])).toEqual([['BrokerListener', 'default-insecure', 'default', undefined]]);
    const fromArm = checkResources(arm.resources, { profile, now: NOW });
    const fromYaml = checkResources(readKubernetesText(twin, 'insecure.yaml').resources, { profile, now: NOW });
    expect(findings(fromArm)).toEqual(findings(fromYaml));
    expect(counts(fromArm)).toEqual(counts(fromYaml));
  });

  test('the findings name the insecure listener, rule by rule', () => {
    const arm = readManifestText(JSON.stringify(template), 'insecure.json');
    const names = ['listener-requires-tls', 'exposed-anonymous-plaintext-listener', 'listener-requires-authentication', 'listener-requires-authorization'];
    const rules = RULES.filter((r) => names.includes(r.name));
    expect(findings(checkResources(arm.resources, { now: NOW, rules }))).toEqual([
      'listener-requires-tls noTls finding error BrokerListener/default-insecure /spec/ports/0 open',
      'exposed-anonymous-plaintext-listener exposedAnonymousPlaintext finding error BrokerListener/default-insecure /spec/ports/0 open',
      'listener-requires-authentication noAuthentication finding error BrokerListener/default-insecure /spec/ports/0 open',
      'listener-requires-authorization noAuthorization finding error BrokerListener/default-insecure /spec/ports/0 open',
    ]);
  });

  test('aio-secure check exits 1 on both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aio-secure-arm-insecure-'));
    try {
      const codes: number[] = [];
      for (const [name, text] of [['insecure.json', JSON.stringify(template)], ['insecure.yaml', twin]]) {
        writeFileSync(join(dir, name), text);
        codes.push(await runCli(['check', join(dir, name)], { stdout: () => undefined, stderr: () => undefined, readStdin: () => Buffer.alloc(0), isTty: false }));
      }
      expect(codes).toEqual([EXIT.findings, EXIT.findings]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
