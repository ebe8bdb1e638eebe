/**
 * The ARM reader on Microsoft's AIO release templates and on hand-written templates that exercise
 * each feature (child resources, copy loops, conditions, nested deployments, exported resource
 * JSON, unresolvable expressions) and each kind of hostile input.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ARM_READ_LIMITS,
  armInputKind,
  armParameterValues,
  checkResources,
  readArmValue,
  readKubernetesBytes,
  readKubernetesFile,
  readKubernetesPaths,
  readManifestText,
  type JsonObject,
  type JsonValue,
  RULES,
  type ReadResult,
} from 'aio-secure';
import { sharedReference } from '../support/shared';

const NOW = new Date('2026-11-30T00:00:00Z');
const AIO = sharedReference('real-world', 'Azure__azure-iot-operations');
const INSTANCE_2510 = join(AIO, 'release__azure-iot-operations-instance.json');
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const LISTENERS = 'Microsoft.IoTOperations/instances/brokers/listeners';
const BROKERS = 'Microsoft.IoTOperations/instances/brokers';
const CL = { name: "[resourceId('Microsoft.ExtendedLocation/customLocations', 'cl')]", type: 'CustomLocation' };

function template(resources: JsonValue, extra: JsonObject = {}): string {
  return JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', ...extra, resources }, null, 2);
}

function listener(name: string, properties: JsonValue, more: JsonObject = {}): JsonObject {
  return { type: LISTENERS, apiVersion: '2025-10-01', name, extendedLocation: CL, properties, ...more };
}

const SECURE_PORT = { port: 8883, authenticationRef: 'default', tls: { mode: 'Automatic', certManagerCertificateSpec: { issuerRef: { name: 'plant-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' } } } };

function aio(read: ReadResult): string[][] {
  return read.resources
    .filter((r) => r.group === 'mqttbroker.iotoperations.azure.com')
    .map((r) => [r.version, r.kind, r.name, r.parent?.name ?? '-', r.namespace ?? '-', (r.unresolved ?? []).join(',')]);
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('Microsoft\'s AIO 2510 instance template (languageVersion 2.0, symbolic names)', () => {
  const read = readKubernetesFile(INSTANCE_2510);
  const find = (kind: string) => read.resources.find((r) => r.kind === kind)!;

  test('reads without problems or notes', () => {
    expect(read.problems).toEqual([]);
    expect(read.notes).toBeUndefined();
  });

  test('broker, authentication and listener are AIO resources with their names, parents and the custom location\'s namespace', () => {
    expect(aio(read)).toEqual([
      ['v1', 'Broker', 'default', '-', 'azure-iot-operations', ''],
      ['v1', 'BrokerAuthentication', 'default', 'default', 'azure-iot-operations', ''],
      ['v1', 'BrokerListener', 'default', 'default', 'azure-iot-operations', ''],
    ]);
    expect(find('BrokerListener')).toMatchObject({
      id: 'azure-iot-operations/BrokerListener/default',
      armType: LISTENERS,
      parent: { kind: 'Broker', name: 'default', namespace: 'azure-iot-operations' },
    });
  });

  test('the default listener: ClusterIp, port 18883, authenticationRef default, automatic TLS from the quickstart issuer', () => {
    expect(find('BrokerListener').spec).toEqual({
      serviceType: 'ClusterIp',
      serviceName: 'aio-broker',
      ports: [{
        authenticationRef: 'default',
        port: 18883,
        tls: { mode: 'Automatic', certManagerCertificateSpec: { issuerRef: { name: 'azure-iot-operations-aio-certificate-issuer', kind: 'ClusterIssuer', group: 'cert-manager.io' } } },
      }],
    });
  });

  test('broker sizing resolves from the nullable brokerConfig parameter\'s fallbacks', () => {
    expect(find('Broker').spec).toEqual({
      memoryProfile: 'Medium',
      generateResourceLimits: { cpu: 'Disabled' },
      cardinality: { backendChain: { partitions: 2, workers: 2, redundancyFactor: 2 }, frontend: { replicas: 2, workers: 2 } },
      persistence: null,
      diagnostics: { logs: { level: 'info' } },
    });
    expect(find('BrokerAuthentication').spec).toEqual({
      authenticationMethods: [{ method: 'ServiceAccountToken', serviceAccountTokenSettings: { audiences: ['aio-internal'] } }],
    });
  });

  test('dataflow profiles and endpoints are read as their AIO kinds', () => {
    expect(find('DataflowProfile').name).toBe('default');
    expect(find('DataflowEndpoint').name).toBe('default');
  });

  test('Azure kinds aio-secure plans are read as those kinds (the Arc extension), with the ARM body as spec', () => {
    const extension = find('extensions');
    expect([extension.group, extension.version, extension.kind, extension.armType]).toEqual(
      ['Microsoft.KubernetesConfiguration', '2023-05-01', 'extensions', 'Microsoft.KubernetesConfiguration/extensions']);
    expect(Object.keys(extension.spec)).toEqual(['scope', 'identity', 'properties']);
    expect(extension.spec.identity).toEqual({ type: 'SystemAssigned' });
  });

  test('other types are kept as ARM resources; the existing connected cluster is not read', () => {
    expect(read.resources.filter((r) => r.group.startsWith('arm:')).map((r) => [r.group, r.version, r.kind])).toEqual([
      ['arm:Microsoft.ExtendedLocation', '2021-08-31-preview', 'Microsoft.ExtendedLocation/customLocations'],
      ['arm:Microsoft.IoTOperations', '2025-10-01', 'Microsoft.IoTOperations/instances'],
      ['arm:Microsoft.IoTOperations', '2025-10-01', 'Microsoft.IoTOperations/instances/registryEndpoints'],
    ]);
  });

  test('names built from uniqueString() are unresolved; values built from variables and defaults are not', () => {
    const extension = find('extensions');
    // The scope names the cluster by the clusterName parameter, which has no default.
    expect(extension.unresolved).toEqual(['/spec/scope', '/name']);
    expect(extension.name).toBe("azure-iot-operations-[take(uniqueString(resourceId('Microsoft.Kubernetes/connectedClusters', parameters('clusterName'))), 5)]");
    const settings = (extension.spec.properties as JsonObject).configurationSettings as JsonObject;
    expect([settings['connectors.values.mqttBroker.address'], settings['trustBundleSettings.issuer.name'], settings['observability.metrics.enabled']])
      .toEqual(['mqtts://aio-broker.azure-iot-operations:18883', 'azure-iot-operations-aio-certificate-issuer', 'False']);
    expect(find('Microsoft.IoTOperations/instances').unresolved).toEqual(['/spec/schemaRegistryRef/resourceId', '/name']);
  });

  test('sources name the file, the symbolic name and the line', () => {
    const text = readFileSync(INSTANCE_2510, 'utf8');
    expect(find('BrokerListener').source).toEqual({ file: INSTANCE_2510, pointer: '/resources/brokerListener', line: lineOf(text, '"brokerListener": {') });
  });

  test('the rules run: the quickstart issuer and AIO\'s unauthorized default port are reported', () => {
    // Every rule runs without failing on an object...
    for (const f of checkResources(read.resources, { now: NOW }).findings) expect(f.message).not.toMatch(/failed on this object/);
    // ...and the two that speak about Microsoft's defaults say what the guidance expects.
    const rules = RULES.filter((r) => r.name === 'listener-customer-ca' || r.name === 'aio-default-port-authorization');
    const result = checkResources(read.resources, { now: NOW, rules });
    expect(result.findings.map((f) => [f.rule, f.messageId, f.outcome, `${f.resource.kind}/${f.resource.name}`])).toEqual([
      ['listener-customer-ca', 'quickstartIssuer', 'finding', 'BrokerListener/default'],
      ['aio-default-port-authorization', 'aioDefaultPort', 'finding', 'BrokerListener/default'],
    ]);
  });

  test('parameter values from the options override the defaults', () => {
    const withValues = readKubernetesFile(INSTANCE_2510, {
      arm: {
        parameters: {
          aioInstanceName: 'aio-plant', customLocationName: 'plant-cl', clusterName: 'plant-cluster', clusterNamespace: 'plant-aio',
          brokerConfig: { frontendReplicas: 4, memoryProfile: 'High', serviceType: 'LoadBalancer' },
          trustConfig: { source: 'CustomerManaged', settings: { issuerName: 'plant-ca', issuerKind: 'Issuer', configMapName: 'plant-ca-bundle', configMapKey: 'ca.crt' } },
        },
      },
    });
    expect(withValues.problems).toEqual([]);
    expect(aio(withValues)).toEqual([
      ['v1', 'Broker', 'default', '-', 'plant-aio', ''],
      ['v1', 'BrokerAuthentication', 'default', 'default', 'plant-aio', ''],
      ['v1', 'BrokerListener', 'default', 'default', 'plant-aio', ''],
    ]);
    const l = withValues.resources.find((r) => r.kind === 'BrokerListener')!;
    expect(l.spec.serviceType).toBe('LoadBalancer');
    expect((l.spec.ports as JsonObject[])[0].tls).toEqual({ mode: 'Automatic', certManagerCertificateSpec: { issuerRef: { name: 'plant-ca', kind: 'Issuer', group: 'cert-manager.io' } } });
    expect((withValues.resources.find((r) => r.kind === 'Broker')!.spec.cardinality as JsonObject).frontend).toEqual({ replicas: 4, workers: 2 });
    const instance = withValues.resources.find((r) => r.kind === 'Microsoft.IoTOperations/instances')!;
    expect([instance.name, instance.unresolved]).toEqual(['aio-plant', ['/spec/schemaRegistryRef/resourceId']]);
    expect(withValues.resources.find((r) => r.kind === 'Microsoft.ExtendedLocation/customLocations')!.name).toBe('plant-cl');
  });
});

describe('other Microsoft release templates', () => {
  test('AIO 1.0.9 (api-version 2024-11-01): the same three broker resources', () => {
    const read = readKubernetesFile(join(AIO, 'release__azure-iot-operations-instance@v1.0.9.json'));
    expect(read.problems).toEqual([]);
    expect(aio(read)).toEqual([
      ['v1', 'Broker', 'default', '-', 'azure-iot-operations', ''],
      ['v1', 'BrokerAuthentication', 'default', 'default', 'azure-iot-operations', ''],
      ['v1', 'BrokerListener', 'default', 'default', 'azure-iot-operations', ''],
    ]);
    expect(((read.resources.find((r) => r.kind === 'BrokerListener')!.spec.ports as JsonObject[])[0]).port).toBe(18883);
  });

  test('AIO 0.6 preview (2024-07-01-preview): v1beta1 shapes, names from parameter defaults, brokerRef taken as the parent', () => {
    const read = readKubernetesFile(join(AIO, 'release__azure-iot-operations.json'));
    expect(read.problems).toEqual([]);
    expect(aio(read)).toEqual([
      ['v1beta1', 'Broker', 'broker', '-', 'azure-iot-operations', ''],
      ['v1beta1', 'BrokerListener', 'listener', 'broker', 'azure-iot-operations', ''],
      ['v1beta1', 'BrokerAuthentication', 'authn', 'broker', 'azure-iot-operations', ''],
    ]);
    const l = read.resources.find((r) => r.kind === 'BrokerListener')!;
    expect(l.spec).toEqual({
      serviceType: 'ClusterIp',
      serviceName: 'aio-mq-dmqtt-frontend',
      ports: [{ authenticationRef: 'authn', port: 8883, tls: { mode: 'Automatic', automatic: { issuerRef: { name: 'mq-dmqtt-frontend', kind: 'Issuer', apiGroup: 'cert-manager.io' } } } }],
    });
  });

  test('the 2510 enablement template: the cert-manager extension only for self-signed trust', () => {
    const file = join(AIO, 'release__azure-iot-operations-enablement.json');
    const names = (r: ReadResult) => r.resources.map((x) => `${x.kind}/${x.name}`);
    expect(names(readKubernetesFile(file))).toEqual(['extensions/cert-manager', 'extensions/azure-secret-store']);
    expect(names(readKubernetesFile(file, { arm: { parameters: { trustConfig: { source: 'CustomerManaged' } } } }))).toEqual(['extensions/azure-secret-store']);
    const store = readKubernetesFile(file).resources[1];
    expect(store.spec.properties).toMatchObject({ extensionType: 'microsoft.azure.secretstore', autoUpgradeMinorVersion: false, releaseTrain: 'stable', version: '1.0.2' });
  });

  test('every ARM file of the corpus reads without problems, and the rules run on it', () => {
    const corpus = sharedReference('real-world');
    const files = readKubernetesPaths([corpus]);
    const armFiles = [...new Set(files.resources.filter((r) => r.armType && r.source?.pointer !== undefined).map((r) => r.source!.file))];
    expect(armFiles.length).toBe(13);
    for (const file of armFiles) {
      const read = readKubernetesFile(file);
      expect([file, read.problems]).toEqual([file, []]);
      expect(checkResources(read.resources, { now: NOW }).summary.resources).toBe(read.resources.length);
    }
  });
});

describe('template features', () => {
  test('nested child resources: relative type and name, or full ones', () => {
    const text = template([{
      type: BROKERS, apiVersion: '2025-10-01', name: "[concat(parameters('instance'), '/default')]", extendedLocation: CL, properties: { memoryProfile: 'Low' },
      resources: [
        { type: 'listeners', apiVersion: '2025-10-01', name: 'external', extendedLocation: CL, properties: { serviceType: 'LoadBalancer', ports: [SECURE_PORT] } },
        { type: `${BROKERS}/authentications`, apiVersion: '2025-10-01', name: "[concat(parameters('instance'), '/default/authn')]", extendedLocation: CL, properties: { authenticationMethods: [] } },
      ],
    }], { parameters: { instance: { type: 'string', defaultValue: 'aio-x' } } });
    const read = readManifestText(text, 't.json');
    expect(read.problems).toEqual([]);
    expect(aio(read)).toEqual([
      ['v1', 'Broker', 'default', '-', '-', ''],
      ['v1', 'BrokerListener', 'external', 'default', '-', ''],
      ['v1', 'BrokerAuthentication', 'authn', 'default', '-', ''],
    ]);
    expect(read.resources.map((r) => r.source?.pointer)).toEqual(['/resources/0', '/resources/0/resources/0', '/resources/0/resources/1']);
    expect(read.resources[1].source?.line).toBe(lineOf(text, '"type": "listeners"') - 1);
  });

  test('parameter defaults, property access and variables resolve; a value passed in wins', () => {
    const text = template([{
      type: BROKERS, apiVersion: '2025-10-01', name: "[format('{0}/{1}', parameters('instance'), 'default')]", extendedLocation: CL,
      properties: {
        memoryProfile: "[toUpper(substring('x', 0))]",
        cardinality: { frontend: { replicas: "[parameters('brokerConfig').frontendReplicas]", workers: "[variables('sizes')[1]]" } },
      },
    }], {
      parameters: {
        instance: { type: 'string', defaultValue: 'aio-x' },
        brokerConfig: { type: 'object', defaultValue: { frontendReplicas: 3 } },
      },
      variables: { sizes: "[createArray(1, parameters('brokerConfig').frontendReplicas)]" },
    });
    const [broker] = readManifestText(text, 't.json').resources;
    expect([broker.spec, broker.unresolved]).toEqual([
      { memoryProfile: "[toUpper(substring('x', 0))]", cardinality: { frontend: { replicas: 3, workers: 3 } } },
      ['/spec/memoryProfile'],
    ]);
    const passed = readArmValue(JSON.parse(text), 't.json', { parameters: { brokerConfig: { frontendReplicas: 5 } } }).resources[0];
    expect(passed.spec.cardinality).toEqual({ frontend: { replicas: 5, workers: 5 } });
  });

  test('copy loops: one resource per index, copyIndex() resolved', () => {
    const text = template([listener("[format('aio/default/line-{0}', copyIndex(1))]", { serviceType: 'LoadBalancer', ports: [{ ...SECURE_PORT, port: '[copyIndex(8883)]' }] }, { copy: { name: 'lines', count: 3 } })]);
    const read = readManifestText(text, 't.json');
    expect(read.resources.map((r) => [r.name, (r.spec.ports as JsonObject[])[0].port])).toEqual([['line-1', 8883], ['line-2', 8884], ['line-3', 8885]]);
  });

  test('a copy count that cannot be resolved reads one copy, unresolved, with a note', () => {
    const text = template([listener("[format('aio/default/line-{0}', copyIndex())]", { ports: [] }, { copy: { name: 'lines', count: "[parameters('n')]" } })],
      { parameters: { n: { type: 'int' } } });
    const read = readManifestText(text, 't.json');
    expect(read.resources.map((r) => [r.name, r.unresolved])).toEqual([["line-[copyIndex()]", ['/name']]]);
    expect(read.notes).toEqual([{ file: 't.json', line: lineOf(text, '"resources": [') + 1, message: "/resources/0: copy count [parameters('n')] cannot be resolved; one copy is read, with copyIndex() unresolved" }]);
  });

  test('a copy count beyond ARM\'s limit is a problem', () => {
    const read = readManifestText(template([listener('aio/default/x', {}, { copy: { name: 'x', count: 1e9 } })]), 't.json');
    expect(read.resources).toEqual([]);
    expect(read.problems.map((p) => p.message)).toEqual([`/resources/0: copy count 1000000000 is not a whole number from 0 to ${ARM_READ_LIMITS.maxCopyCount}`]);
  });

  test('conditions: false skips, true reads, unknown reads with a note; existing resources are skipped', () => {
    const text = template({
      off: listener('aio/default/off', {}, { condition: "[equals(parameters('mode'), 'lab')]" }),
      on: listener('aio/default/on-1', {}, { condition: "[not(equals(parameters('mode'), 'lab'))]" }),
      maybe: listener('aio/default/maybe', {}, { condition: "[parameters('unknown')]" }),
      there: { existing: true, type: BROKERS, apiVersion: '2025-10-01', name: 'aio/default' },
    }, { languageVersion: '2.0', parameters: { mode: { type: 'string', defaultValue: 'prod' }, unknown: { type: 'bool' } } });
    const read = readManifestText(text, 't.json');
    expect(read.resources.map((r) => r.name)).toEqual(['on-1', 'maybe']);
    expect(read.notes?.map((n) => n.message)).toEqual(["/resources/maybe: condition [parameters('unknown')] cannot be resolved; the resource is read as if it were deployed"]);
  });

  test('nested deployments: inner scope takes its parameters from the outer values; outer scope sees the outer parameters', () => {
    const inner = { $schema: SCHEMA, contentVersion: '1.0.0.0', parameters: { listenerName: { type: 'string' }, port: { type: 'int', defaultValue: 1 } }, resources: [listener("[concat('aio/default/', parameters('listenerName'))]", { ports: [{ port: "[parameters('port')]" }] })] };
    const outerScoped = { $schema: SCHEMA, contentVersion: '1.0.0.0', resources: [listener("[concat('aio/default/', parameters('outerName'))]", { ports: [] })] };
    const text = template([
      { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'inner', properties: { mode: 'Incremental', expressionEvaluationOptions: { scope: 'inner' }, parameters: { listenerName: { value: "[concat(parameters('outerName'), '-in')]" }, port: { value: 8883 } }, template: inner } },
      { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'outer', properties: { mode: 'Incremental', template: outerScoped } },
      { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'linked', properties: { mode: 'Incremental', templateLink: { uri: 'https://example.com/t.json' } } },
    ], { parameters: { outerName: { type: 'string', defaultValue: 'edge' } } });
    const read = readManifestText(text, 't.json');
    expect(read.problems).toEqual([]);
    expect(read.resources.map((r) => [r.name, r.spec.ports, r.source?.pointer])).toEqual([
      ['edge-in', [{ port: 8883 }], '/resources/0/properties/template/resources/0'],
      ['edge', [], '/resources/1/properties/template/resources/0'],
    ]);
    expect(read.notes?.map((n) => n.message)).toEqual(['/resources/2: nested deployment linked links its template (templateLink); the resources it deploys are not read']);
  });

  test('a property copy loop is not expanded: unresolved, with a note', () => {
    const text = template([listener('aio/default/loop', { serviceType: 'LoadBalancer', copy: [{ name: 'ports', count: 2, input: { port: "[add(8883, copyIndex('ports'))]" } }] })]);
    const read = readManifestText(text, 't.json');
    expect(read.resources[0].unresolved).toEqual(['/spec/copy/0/input/port', '/spec/copy']);
    expect(read.notes?.map((n) => n.message)).toEqual(['/resources/0: the property copy loop at /spec/copy is not expanded; its values are unresolved']);
  });

  test('a Bicep extension resource is noted, not read', () => {
    const read = readManifestText(template({ ns: { import: 'kubernetes', type: 'core/Namespace@v1', properties: { metadata: { name: 'x' } } } }, { languageVersion: '2.0' }), 't.json');
    expect(read.resources).toEqual([]);
    expect(read.notes?.map((n) => n.message)).toEqual(['/resources/ns is a Bicep extension resource (core/Namespace@v1); it is not read']);
  });
});

describe('values that cannot be resolved make the rules unknown, never a pass', () => {
  const text = template([listener('aio/default/external', {
    serviceType: 'LoadBalancer',
    ports: [{ port: "[parameters('port')]", authenticationRef: 'default', authorizationRef: 'authz', tls: "[if(parameters('secure'), createObject('mode', 'Automatic'), null())]" }],
  })], { parameters: { port: { type: 'int' }, secure: { type: 'bool' } } });

  test('the original expression stays, and its pointer is listed', () => {
    const [r] = readManifestText(text, 't.json').resources;
    expect(r.spec.ports).toEqual([{ port: "[parameters('port')]", authenticationRef: 'default', authorizationRef: 'authz', tls: "[if(parameters('secure'), createObject('mode', 'Automatic'), null())]" }]);
    expect(r.unresolved).toEqual(['/spec/ports/0/port', '/spec/ports/0/tls']);
  });

  test('no rule on the listener passes: each reports unknown, or the finding it is sure of', () => {
    const result = checkResources(readManifestText(text, 't.json').resources, { now: NOW });
    const listenerRules = RULES.filter((r) => r.appliesTo.some((k) => k.kind === 'BrokerListener') && r.severity.production !== 'off').map((r) => r.name);
    expect(result.findings.map((f) => f.rule).sort()).toEqual([...listenerRules].sort());
    expect(result.notApplicable).toEqual([]);
    expect(result.findings.map((f) => [f.rule, f.outcome])).toEqual(listenerRules.map((rule) =>
      // The authorization it names is not in the template: that much is certain.
      [rule, rule === 'listener-requires-authorization' ? 'finding' : 'unknown']));
    for (const f of result.findings.filter((x) => x.outcome === 'unknown')) {
      expect(f.message).toMatch(/^Could not decide: /);
    }
    expect(result.summary.passed).toBe(false);
  });

  test('a name that cannot be resolved is listed too', () => {
    const [r] = readManifestText(template([listener("[concat('aio/default/', parameters('n'))]", { ports: [] })]), 't.json').resources;
    expect([r.name, r.parent?.name, r.unresolved]).toEqual(["[parameters('n')]", 'default', ['/name']]);
    const [whole] = readManifestText(template([listener("[parameters('full')]", { ports: [] })]), 't.json').resources;
    expect([whole.name, whole.parent?.name, whole.unresolved]).toEqual(["[parameters('full')]", "[parameters('full')]", ['/name', '/parent/name']]);
  });

  test('properties that are one unresolved expression make the whole spec unresolved', () => {
    const [r] = readManifestText(template([listener('aio/default/x', "[variables('props')]")]), 't.json').resources;
    expect([r.spec, r.unresolved]).toEqual([{}, ['/spec']]);
  });
});

describe('exported resource JSON', () => {
  const exported = {
    id: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.IoTOperations/instances/aio-x/brokers/default/listeners/external',
    name: 'external',
    type: LISTENERS,
    extendedLocation: { name: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ExtendedLocation/customLocations/cl', type: 'CustomLocation' },
    properties: { serviceType: 'LoadBalancer', ports: [SECURE_PORT], provisioningState: 'Succeeded', healthState: 'Available' },
    systemData: { createdBy: 'someone' },
  };
  const vault = { id: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv', name: 'kv', type: 'Microsoft.KeyVault/vaults', properties: { enableRbacAuthorization: true } };

  test('az resource show: one object; the parent comes from the id; status fields are not spec', () => {
    const read = readManifestText(JSON.stringify(exported), 'show.json');
    expect(read.resources).toEqual([{
      id: 'BrokerListener/external', group: 'mqttbroker.iotoperations.azure.com', version: 'v1', kind: 'BrokerListener', name: 'external',
      parent: { kind: 'Broker', name: 'default' }, armType: LISTENERS, spec: { serviceType: 'LoadBalancer', ports: [SECURE_PORT] },
      source: { file: 'show.json', line: 1 },
    }]);
  });

  test('az resource list (array) and a REST list (value); Azure kinds aio-secure plans are read as those kinds', () => {
    const expected = [['BrokerListener', 'external', '/0'], ['vaults', 'kv', '/1']];
    const fromArray = readManifestText(JSON.stringify([exported, vault], null, 2), 'list.json');
    expect(fromArray.resources.map((r) => [r.kind, r.name, r.source?.pointer])).toEqual(expected);
    expect(fromArray.resources[1]).toMatchObject({
      group: 'Microsoft.KeyVault', version: 'unknown', id: 'Microsoft.KeyVault/vaults/kv', armType: 'Microsoft.KeyVault/vaults', spec: { properties: { enableRbacAuthorization: true } },
    });
    const fromValue = readManifestText(JSON.stringify({ value: [exported, vault] }), 'rest.json');
    expect(fromValue.resources.map((r) => [r.kind, r.name, r.source?.pointer])).toEqual(expected.map(([k, n, p]) => [k, n, `/value${p}`]));
  });

  test('an exported role assignment: the scope from its id, status fields dropped, the parent of a child from its id', () => {
    const role = {
      id: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/providers/Microsoft.Authorization/roleAssignments/r1',
      name: 'r1', type: 'Microsoft.Authorization/roleAssignments', apiVersion: '2022-04-01',
      properties: { roleDefinitionId: '/subscriptions/0000/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6', principalId: 'p', provisioningState: 'Succeeded' },
    };
    const credential = {
      id: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1/federatedIdentityCredentials/fic',
      name: 'fic', type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials', properties: { issuer: 'https://i', subject: 's', audiences: ['a'] },
    };
    const [r, c] = readManifestText(JSON.stringify([role, credential]), 'list.json').resources;
    expect(r).toMatchObject({
      kind: 'roleAssignments', version: '2022-04-01',
      spec: { scope: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv', properties: { principalId: 'p', roleDefinitionId: role.properties.roleDefinitionId } },
    });
    expect((r.spec.properties as JsonObject).provisioningState).toBeUndefined();
    expect(c).toMatchObject({ kind: 'federatedIdentityCredentials', name: 'fic', parent: { kind: 'userAssignedIdentities', name: 'id1' } });
  });

  test('exported strings are literals, never evaluated', () => {
    const [r] = readManifestText(JSON.stringify({ ...exported, properties: { serviceName: "[parameters('x')]" } }), 'show.json').resources;
    expect([r.spec.serviceName, r.unresolved]).toEqual(["[parameters('x')]", undefined]);
  });
});

describe('input recognition and dispatch', () => {
  test.each<[string, unknown, string | undefined]>([
    ['a template by $schema', { $schema: SCHEMA, resources: [] }, 'template'],
    ['a template without $schema', { contentVersion: '1.0.0.0', resources: [] }, 'template'],
    ['a subscription deployment template', { $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#', resources: [] }, 'template'],
    ['a parameters file', { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', parameters: {} }, 'parameters'],
    ['an exported resource', { id: '/subscriptions/x', type: 'A.B/c', name: 'n' }, 'resources'],
    ['a Kubernetes object', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, undefined],
    ['a Kubernetes List', { apiVersion: 'v1', kind: 'List', items: [] }, undefined],
    ['an empty array', [], undefined],
    ['a number', 5, undefined],
  ])('%s', (_name, value, kind) => {
    expect(armInputKind(value)).toBe(kind);
  });

  test('a subscription template written by hand: the Defender plan is read as the kind aio-secure plans, at its api-version', () => {
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { tier: { type: 'string', defaultValue: 'Standard' } },
      resources: [{ type: 'Microsoft.Security/pricings', apiVersion: '2023-01-01', name: 'Containers', properties: { pricingTier: "[parameters('tier')]" } }],
    };
    expect(readManifestText(JSON.stringify(template, null, 2), 'defender.json')).toEqual({
      resources: [{
        id: 'Microsoft.Security/pricings/Containers', group: 'Microsoft.Security', version: '2023-01-01', kind: 'pricings', name: 'Containers',
        armType: 'Microsoft.Security/pricings', spec: { properties: { pricingTier: 'Standard' } },
        source: { file: 'defender.json', pointer: '/resources/0', line: 11 },
      }],
      problems: [],
      files: 1,
    });
  });

  test('Kubernetes JSON and YAML still read as Kubernetes', () => {
    const json = readManifestText(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'j' } }), 'x.json');
    expect(json.resources.map((r) => [r.kind, r.name, r.source])).toEqual([['ConfigMap', 'j', { file: 'x.json', document: 0, line: 1 }]]);
    expect(readManifestText('[1, 2]', 'a.json')).toEqual({ resources: [], problems: [], files: 1, skipped: [{ file: 'a.json', reason: 'not-an-object', count: 1, line: 1 }] });
    expect(readManifestText('{ "a": ', 'bad.json').problems[0].message).toMatch(/^invalid YAML: /);
  });

  test('a parameters file is noted, and armParameterValues turns it into options', () => {
    const file = { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', parameters: { a: { value: 1 }, kv: { reference: { keyVault: { id: 'x' } } } } };
    expect(readManifestText(JSON.stringify(file), 'p.json')).toEqual({
      resources: [], problems: [], files: 1,
      notes: [{ file: 'p.json', message: 'is an ARM parameters file, not a template; pass its values with the template (ArmReadOptions.parameters)' }],
    });
    expect(armParameterValues(file)).toEqual({ a: 1 });
  });

  test('readKubernetesPaths reads YAML and ARM templates side by side; readKubernetesBytes reads ARM with a byte order mark', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aio-secure-arm-reader-'));
    try {
      writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
      writeFileSync(join(dir, 'b.json'), template([listener('aio/default/external', { ports: [] })]));
      const read = readKubernetesPaths([dir]);
      expect(read.problems).toEqual([]);
      expect(read.resources.map((r) => `${r.kind}/${r.name}`)).toEqual(['ConfigMap/c', 'BrokerListener/external']);
      const bom = readKubernetesBytes(Buffer.from(`\uFEFF${template([listener('aio/default/bom', {})])}`), '<stdin>');
      expect(bom.resources.map((r) => r.name)).toEqual(['bom']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bookkeeping in the template metadata', () => {
  test('an unreadable waivers entry becomes a waiver problem, never a silent waiver', () => {
    const text = template({ l: listener('aio/default/l', { ports: [{ port: 1883 }] }) }, {
      languageVersion: '2.0',
      metadata: { 'aio-secure': { resources: { l: { id: 'site/listener/l', waivers: 'not a list' } } } },
    });
    const read = readManifestText(text, 't.json');
    expect(read.resources[0].id).toBe('site/listener/l');
    const result = checkResources(read.resources, { now: NOW });
    expect(result.waiverProblems.map((p) => p.problem)).toEqual([
      'template metadata aio-secure.resources.l.waivers is not a JSON list of { rule, reason, owner, expires }; none of its waivers apply',
    ]);
    expect(result.findings.every((f) => !f.waived)).toBe(true);
  });

  test('entries are only taken by the resource\'s own key', () => {
    const text = template({ l: listener('aio/default/l', {}) }, {
      languageVersion: '2.0',
      metadata: { 'aio-secure': { resources: { constructor: { id: 'wrong' }, toString: { id: 'wrong' } } } },
    });
    expect(readManifestText(text, 't.json').resources[0].id).toBe('BrokerListener/l');
  });
});

describe('hostile and malformed input', () => {
  const read = (value: unknown) => readArmValue(value, 'h.json');
  const messages = (r: ReadResult) => r.problems.map((p) => p.message);

  test.each<[string, unknown, string[]]>([
    ['resources that are neither list nor object', { $schema: SCHEMA, resources: 5 }, ['/resources is neither a list nor an object of resources']],
    ['a resource that is not an object', { $schema: SCHEMA, resources: ['x'] }, ['/resources/0 is not an object, so it is not an ARM resource']],
    ['a resource without a type', { $schema: SCHEMA, resources: [{ apiVersion: '1', name: 'x' }] }, ['/resources/0: type is missing or not a literal string; ARM requires one']],
    ['a resource without a name', { $schema: SCHEMA, resources: [{ type: LISTENERS, apiVersion: '2025-10-01' }] }, ['/resources/0: name is missing or not a string (got null)']],
    ['an expression as apiVersion', { $schema: SCHEMA, resources: [listener('a/b/c', {}, { apiVersion: "[parameters('v')]" })] }, ['/resources/0: apiVersion is missing or not a literal string; ARM requires one']],
    ['a name with the wrong number of segments', { $schema: SCHEMA, resources: [listener('a/b', {})] }, [`/resources/0: name "a/b" has 2 segment(s), but type ${LISTENERS} needs 3`]],
    ['properties that are not an object', { $schema: SCHEMA, resources: [listener('a/b/c', [1])] }, ['/resources/0: properties is not an object (got [1])']],
  ])('%s is a problem naming the pointer', (_name, value, expected) => {
    const r = read(value);
    expect(r.resources).toEqual([]);
    expect(messages(r)).toEqual(expected);
  });

  test('__proto__ and constructor keys pollute nothing', () => {
    const text = `{"$schema": "${SCHEMA}", "contentVersion": "1.0.0.0",
      "parameters": {"__proto__": {"type": "object", "defaultValue": {"polluted": 1}}},
      "variables": {"__proto__": {"polluted": 2}, "v": "[variables('constructor')]"},
      "resources": [{"type": "${LISTENERS}", "apiVersion": "2025-10-01", "name": "a/default/l",
        "properties": {"__proto__": {"polluted": 3}, "serviceName": "[string(parameters('__proto__'))]", "x": "[variables('v')]",
          "constructor": {"prototype": {"polluted": 4}}, "y": "[createObject('__proto__', createObject('polluted', 5))]"}}]}`;
    const r = readManifestText(text, 'h.json');
    expect(r.problems).toEqual([]);
    const spec = r.resources[0].spec;
    expect(Object.keys(spec)).toEqual(['serviceName', 'x', 'constructor', 'y']);
    expect(spec.serviceName).toBe('{"polluted":1}');
    expect(spec.x).toBe("[variables('v')]");
    expect(spec.y).toEqual({});
    expect(Object.getPrototypeOf(spec)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('variables that refer to each other are unresolved, not an endless loop', () => {
    const r = read({ $schema: SCHEMA, variables: { a: "[variables('b')]", b: "[variables('a')]" }, resources: [listener('x/default/l', { serviceName: "[variables('a')]" })] });
    expect([r.resources[0].spec.serviceName, r.resources[0].unresolved]).toEqual(["[variables('a')]", ['/spec/serviceName']]);
  });

  test('exponentially growing variables are evaluated once each and bounded', () => {
    const variables: JsonObject = { v0: "[createArray('xxxxxxxxxx')]" };
    for (let i = 1; i <= 40; i++) variables[`v${i}`] = `[concat(variables('v${i - 1}'), variables('v${i - 1}'))]`;
    const started = Date.now();
    const r = read({ $schema: SCHEMA, variables, resources: [listener('x/default/l', { ports: "[variables('v40')]" })] });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.resources[0].unresolved).toEqual(['/spec/ports']);
  });

  test('a template that needs too many evaluation steps is refused', () => {
    const resources = Array.from({ length: 42 }, (_, i) => listener(`x/default/l${i}`, { v: `[${'not('.repeat(60)}true${')'.repeat(60)}]` }, { copy: { name: 'c', count: 800 } }));
    const r = read({ $schema: SCHEMA, resources });
    expect(r.resources).toEqual([]);
    expect(messages(r)).toEqual(["cannot read ARM template: evaluating the template's expressions took more than 2000000 steps"]);
  });

  test('nested deployments nested too deeply are a problem', () => {
    let t: JsonObject = { $schema: SCHEMA, resources: [listener('x/default/deep', {})] };
    for (let i = 0; i < ARM_READ_LIMITS.maxTemplateDepth + 2; i++) {
      t = { $schema: SCHEMA, resources: [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: `d${i}`, properties: { template: t } }] };
    }
    const r = read(t);
    expect(r.resources).toEqual([]);
    expect(messages(r)).toHaveLength(1);
    expect(messages(r)[0]).toMatch(new RegExp(`: nested deployments nest more than ${ARM_READ_LIMITS.maxTemplateDepth} levels deep$`));
  });

  test('deeply nested JSON is a problem, not a crash', () => {
    const depth = 50000;
    const r = readKubernetesBytes(Buffer.from(`{"$schema": "${SCHEMA}", "resources": [${'['.repeat(depth)}${']'.repeat(depth)}]}`), 'deep.json');
    expect(r.resources).toEqual([]);
    expect(r.problems.length).toBeGreaterThan(0);
  });

  test('a template that is not an object is not ARM input', () => {
    expect(messages(read('just a string'))).toEqual(['is not an ARM template or exported ARM resource JSON']);
  });
});
