/**
 * renderArmTemplate: the template's shape, exact resources and parameters, escaping, the round
 * trip through the ARM reader, and validation of every rendered resource against the ARM type
 * definitions (with negative controls that prove the validator can fail).
 */
import * as fc from 'fast-check';
import { resolveCertificatePolicy } from 'aio-secure';
import {
  armApiVersionOf,
  partitionForArm,
  planSecureBroker,
  readManifestText,
  renderArmTemplate,
  resolveSecureBroker,
  type JsonObject,
  type Resource,
  type SecureBrokerProps,
} from 'aio-secure';
import { SecureBroker } from 'aio-secure/cdk8s';
import { buildApp } from '../../examples/reference-site/main';
import { validateAgainstType, validateArmResource, validateArmTemplate, type BicepType } from '../support/arm-types-validator';
import { IN_FULL, OPT_OUT, secureBrokerProps } from './secure-broker-props';
import { pinDateToReferenceSiteRecords } from '../support/site-clock';

// The reference site's attestations and onboarding grant are dated: judge them on a day they hold.
pinDateToReferenceSiteRecords();

const PROPS: SecureBrokerProps = {
  issuer: { kind: 'ClusterIssuer', name: 'plant-ca' },
  listeners: [{
    name: 'external', serviceType: 'LoadBalancer', hostnames: ['mqtt.plant.example'], ports: [{ port: 8883 }],
    authentication: { x509: { trustedClientCaConfigMap: 'client-ca' }, serviceAccountToken: { audiences: ['plant-apps'] } },
  }],
  clients: [
    { name: 'sensors', attributes: [{ role: 'sensor' }], publish: ['plant/{principal.username}/telemetry'] },
    { name: 'historian', attributes: [{ app: 'historian' }], clientIds: ['historian'], subscribe: ['plant/+/telemetry'] },
  ],
};

const OPTED_OUT: SecureBrokerProps = {
  ...PROPS,
  allowUnencryptedInternalTraffic: OPT_OUT,
  listeners: [
    PROPS.listeners[0],
    { name: 'lab', serviceType: 'NodePort', ipAddresses: ['10.20.0.5'], ports: [{ port: 1883, nodePort: 31883, allowPlaintext: OPT_OUT }, { port: 8884, nodePort: 31884 }], authentication: { serviceAccountToken: { audiences: ['lab'] } } },
  ],
};

/** Values a deployment passes, to resolve names in the validator. */
const PARAMETERS = { instanceName: 'aio-plant-a', customLocationName: 'plant-a-cl', customLocationResourceGroup: 'plant-a-rg' };
const CUSTOM_LOCATION = "[resourceId(parameters('customLocationResourceGroup'), 'Microsoft.ExtendedLocation/customLocations', parameters('customLocationName'))]";

function plan(props: SecureBrokerProps, id = 'plant-a'): Resource[] {
  return planSecureBroker(resolveSecureBroker(id, props));
}

function withoutSource(resources: readonly Resource[]): Resource[] {
  return resources.map(({ source: _source, ...r }) => r);
}

function roundTrip(resources: readonly Resource[]): Resource[] {
  const read = readManifestText(JSON.stringify(renderArmTemplate(resources)), 'site.arm.json');
  expect(read.problems).toEqual([]);
  expect(read.notes).toBeUndefined();
  return withoutSource(read.resources);
}

function referenceSitePlan(): readonly Resource[] {
  const app = buildApp('/tmp/aio-secure-unused-outdir');
  const broker = app.node.findAll().find((c): c is SecureBroker => c instanceof SecureBroker);
  if (!broker) throw new Error('the reference site has no SecureBroker');
  return broker.resources;
}

describe('renderArmTemplate', () => {
  test('snapshot', () => {
    expect(renderArmTemplate(plan(OPTED_OUT))).toMatchSnapshot();
  });

  test('is a resource group deployment template with symbolic names and three string parameters', () => {
    const t = renderArmTemplate(plan(PROPS));
    expect(t.$schema).toBe('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#');
    expect(t.contentVersion).toBe('1.0.0.0');
    expect(t.languageVersion).toBe('2.0');
    expect(Object.keys(t)).toEqual(['$schema', 'contentVersion', 'languageVersion', 'metadata', 'parameters', 'resources']);
    expect(Object.entries(t.parameters).map(([k, p]) => [k, p.type, p.defaultValue])).toEqual([
      ['instanceName', 'string', undefined],
      ['customLocationName', 'string', undefined],
      ['customLocationResourceGroup', 'string', '[resourceGroup().name]'],
    ]);
  });

  test('renders every AIO resource of the plan with its pinned api-version, its name below the instance and the custom location', () => {
    const t = renderArmTemplate(plan(PROPS));
    expect(Object.entries(t.resources).map(([symbol, r]) => [symbol, r.type, r.apiVersion, r.name])).toEqual([
      ['plant_a_broker', 'Microsoft.IoTOperations/instances/brokers', '2025-10-01', "[format('{0}/{1}', parameters('instanceName'), 'default')]"],
      ['plant_a_authentication_external', 'Microsoft.IoTOperations/instances/brokers/authentications', '2025-10-01',
        "[format('{0}/{1}/{2}', parameters('instanceName'), 'default', 'external-authn')]"],
      ['plant_a_authorization', 'Microsoft.IoTOperations/instances/brokers/authorizations', '2025-10-01',
        "[format('{0}/{1}/{2}', parameters('instanceName'), 'default', 'plant-a-authz')]"],
      ['plant_a_listener_external', 'Microsoft.IoTOperations/instances/brokers/listeners', '2025-10-01',
        "[format('{0}/{1}/{2}', parameters('instanceName'), 'default', 'external')]"],
    ]);
    for (const r of Object.values(t.resources)) expect(r.extendedLocation).toEqual({ name: CUSTOM_LOCATION, type: 'CustomLocation' });
  });

  test('properties are exactly the plan\'s specs', () => {
    const resources = plan(OPTED_OUT);
    const t = renderArmTemplate(resources);
    expect(Object.values(t.resources).map((r) => r.properties)).toEqual(resources.map((r) => r.spec));
  });

  test('each child depends on the broker; a listener also on the authentication and authorization its ports reference', () => {
    const t = renderArmTemplate(plan(OPTED_OUT));
    expect(Object.fromEntries(Object.entries(t.resources).map(([k, r]) => [k, r.dependsOn]))).toEqual({
      plant_a_broker: undefined,
      plant_a_authentication_external: ['plant_a_broker'],
      plant_a_authentication_lab: ['plant_a_broker'],
      plant_a_authorization: ['plant_a_broker'],
      plant_a_listener_external: ['plant_a_broker', 'plant_a_authentication_external', 'plant_a_authorization'],
      plant_a_listener_lab: ['plant_a_broker', 'plant_a_authentication_lab', 'plant_a_authorization'],
    });
  });

  test('a listener whose broker and authentication are not in the template depends on nothing', () => {
    const listener = plan(PROPS).find((r) => r.kind === 'BrokerListener')!;
    expect(Object.values(renderArmTemplate([listener]).resources).map((r) => r.dependsOn)).toEqual([undefined]);
  });

  test('the AIO instance is referenced by name, never created', () => {
    const t = renderArmTemplate(plan(PROPS));
    expect(Object.values(t.resources).map((r) => r.type)).not.toContain('Microsoft.IoTOperations/instances');
    for (const r of Object.values(t.resources)) expect(r.name).toMatch(/^\[format\('\{0\}\/.*', parameters\('instanceName'\), /);
  });

  test('keeps each resource\'s id, namespace and waivers in the template metadata, by symbolic name', () => {
    const t = renderArmTemplate(plan(OPTED_OUT));
    const kept = t.metadata['aio-secure'].resources;
    expect(Object.keys(kept)).toEqual(Object.keys(t.resources));
    expect(kept.plant_a_broker).toEqual({
      id: 'plant-a/broker',
      namespace: 'azure-iot-operations',
      waivers: [{ rule: 'broker-internal-encryption', ...OPT_OUT }],
    });
    expect(kept.plant_a_listener_lab).toEqual({
      id: 'plant-a/listener/lab',
      namespace: 'azure-iot-operations',
      waivers: ['listener-requires-tls', 'exposed-plaintext-listener'].map((rule) => ({ rule, reason: `port 1883: ${OPT_OUT.reason}`, owner: OPT_OUT.owner, expires: OPT_OUT.expires, path: '/spec/ports/0' })),
    });
    expect(kept.plant_a_listener_external).toEqual({ id: 'plant-a/listener/external', namespace: 'azure-iot-operations' });
  });

  test('Kubernetes-native objects stay out of the template; partitionForArm splits a plan', () => {
    const configMap: Resource = { id: 'site/client-ca', group: '', version: 'v1', kind: 'ConfigMap', name: 'client-ca', namespace: 'azure-iot-operations', spec: { data: { 'ca.crt': 'pem' } } };
    const resources = [configMap, ...plan(PROPS)];
    const { arm, kubernetes } = partitionForArm(resources);
    expect(kubernetes).toEqual([configMap]);
    expect(arm).toEqual(plan(PROPS));
    expect(renderArmTemplate(resources)).toEqual(renderArmTemplate(arm));
  });

  test('strings ARM would evaluate are escaped, and read back as written', () => {
    const listener = plan(PROPS).find((r) => r.kind === 'BrokerListener')!;
    const odd: Resource = { ...listener, spec: { ...listener.spec, serviceName: "[parameters('x')]", note: '[[already]', other: '[not closed', plain: 'a[b]' } };
    const t = renderArmTemplate([odd]);
    const props = Object.values(t.resources)[0].properties!;
    expect([props.serviceName, props.note, props.other, props.plain]).toEqual(["[[parameters('x')]", '[[[already]', '[not closed', 'a[b]']);
    expect(roundTrip([odd])).toEqual([odd]);
  });

  test('names with a quote are quoted for the expression', () => {
    const broker = plan(PROPS)[0];
    const t = renderArmTemplate([{ ...broker, name: "it's" }]);
    expect(Object.values(t.resources)[0].name).toBe("[format('{0}/{1}', parameters('instanceName'), 'it''s')]");
  });

  test('options set the parameters\' default values', () => {
    const t = renderArmTemplate(plan(PROPS), { instanceName: 'aio-plant-a', customLocationName: 'plant-a-cl', customLocationResourceGroup: 'edge-rg' });
    expect(Object.fromEntries(Object.entries(t.parameters).map(([k, p]) => [k, p.defaultValue]))).toEqual({
      instanceName: 'aio-plant-a', customLocationName: 'plant-a-cl', customLocationResourceGroup: 'edge-rg',
    });
  });

  test.each([
    [{ instanceName: 'AB' }, 'renderArmTemplate: instanceName is not an AIO instance name (got "AB"). Use 3-63 lower-case letters, digits and "-", starting and ending with a letter or digit.'],
    [{ instanceName: 'x'.repeat(64) }, `renderArmTemplate: instanceName is not an AIO instance name (got "${'x'.repeat(64)}"). Use 3-63 lower-case letters, digits and "-", starting and ending with a letter or digit.`],
    [{ customLocationName: "[parameters('x')]" }, 'renderArmTemplate: customLocationName is not a name (got "[parameters(\'x\')]"). Give the plain name, not an expression.'],
    [{ customLocationResourceGroup: '' }, 'renderArmTemplate: customLocationResourceGroup is not a name (got ""). Give the plain name, not an expression.'],
  ])('bad options throw: %j', (options, message) => {
    expect(() => renderArmTemplate(plan(PROPS), options)).toThrow(message);
  });

  test('two resources with the same ARM type and name are refused', () => {
    const a = plan(PROPS, 'plant-a');
    const b = plan(PROPS, 'plant-b').filter((r) => r.kind === 'BrokerListener');
    expect(() => renderArmTemplate([...a, ...b])).toThrow(
      'renderArmTemplate: BrokerListener "external" (plant-b/listener/external) has the same ARM type and name as plant-a/listener/external ' +
        '(Microsoft.IoTOperations/instances/brokers/listeners default/external). One deployment can create it once; give one of them another name.');
  });

  test('an ARM type without a pinned api-version is refused', () => {
    expect(armApiVersionOf('Microsoft.IoTOperations/instances/dataflowEndpoints')).toBe('2025-10-01');
    expect(armApiVersionOf('Microsoft.KeyVault/vaults')).toBe('2024-11-01');
    expect(() => armApiVersionOf('Microsoft.Foo/bars')).toThrow(
      'renderArmTemplate: no api-version is pinned for ARM type Microsoft.Foo/bars. Add one to lib/model/versions.ts before rendering it.');
  });

  test('a resource that does not exist in ARM but claims an armType is refused by name', () => {
    const bogus: Resource = { id: 'x/cm', group: '', version: 'v1', kind: 'ConfigMap', name: 'cm', armType: 'Microsoft.Foo/bars', spec: {} };
    expect(() => renderArmTemplate([bogus])).toThrow('ConfigMap "cm" (x/cm) is not an Azure Resource Manager resource; it belongs in Kubernetes manifests.');
  });
});

describe('round trip: reading the rendered template gives back the plan', () => {
  test('the reference site', () => {
    const resources = referenceSitePlan();
    expect(resources.map((r) => `${r.kind}/${r.name}`)).toEqual([
      'Broker/default', 'BrokerAuthentication/plant-floor-authn', 'BrokerAuthorization/plant-a-authz', 'BrokerListener/plant-floor',
    ]);
    expect(roundTrip(resources)).toEqual(resources);
  });

  test('opt-outs keep their waivers', () => {
    const resources = plan(OPTED_OUT);
    const back = roundTrip(resources);
    expect(back).toEqual(resources);
    expect(back.filter((r) => r.waivers).map((r) => [r.kind, r.name, r.waivers!.map((w) => w.rule)])).toEqual([
      ['Broker', 'default', ['broker-internal-encryption']],
      ['BrokerListener', 'lab', ['listener-requires-tls', 'exposed-plaintext-listener']],
    ]);
  });

  test('every SecureBroker feature at once (custom authentication waived, state store, diagnostics)', () => {
    const resources = plan(IN_FULL);
    expect(resources.some((r) => r.waivers?.length)).toBe(true);
    expect(roundTrip(resources)).toEqual(resources);
  });

  test('labels, annotations and a missing namespace survive too', () => {
    const [broker, ...rest] = plan(PROPS);
    const { namespace: _ns, ...noNamespace } = broker;
    const resources: Resource[] = [{ ...noNamespace, labels: { team: 'ot' }, annotations: { note: 'kept' } }, ...rest];
    expect(roundTrip(resources)).toEqual(resources);
  });

  test('sources point at the resource in the template, with its line', () => {
    const text = JSON.stringify(renderArmTemplate(plan(PROPS)), null, 2);
    const read = readManifestText(text, 'site.arm.json');
    const lines = text.split('\n');
    expect(read.resources.map((r) => r.source)).toEqual(
      ['plant_a_broker', 'plant_a_authentication_external', 'plant_a_authorization', 'plant_a_listener_external'].map((symbol) => ({
        file: 'site.arm.json',
        pointer: `/resources/${symbol}`,
        // Both objects named by a symbol open on their own line; the second one is the resource.
        line: lines.map((l, i) => [l, i + 1] as const).filter(([l]) => l.trim() === `"${symbol}": {`)[1][1],
      })),
    );
  });

  test('property: any valid props', () => {
    fc.assert(
      fc.property(secureBrokerProps(), (props) => {
        const resources = plan(props);
        expect(roundTrip(resources)).toEqual(resources);
      }),
      { numRuns: 60 },
    );
  });
});

describe('rendered templates validate against the ARM type definitions (Microsoft.IoTOperations 2025-10-01)', () => {
  test('the reference site', () => {
    expect(validateArmTemplate(renderArmTemplate(referenceSitePlan()), { parameters: PARAMETERS })).toEqual([]);
  });

  test.each([
    ['secure props', PROPS],
    ['opt-outs (plaintext NodePort port, unencrypted internal traffic)', OPTED_OUT],
    ['another namespace and an Issuer', { ...PROPS, namespace: 'plant-b', issuer: { kind: 'Issuer', name: 'site-issuer' } } as SecureBrokerProps],
    ['every SecureBroker feature at once', IN_FULL],
    ['encrypted persistence and an RSA certificate policy', { ...PROPS, persistence: { maxSize: '10Gi' }, certificatePolicy: resolveCertificatePolicy({ keyAlgorithm: 'Rsa4096' }) } as SecureBrokerProps],
  ])('%s', (_name, props) => {
    const t = renderArmTemplate(plan(props));
    expect(Object.keys(t.resources).length).toBeGreaterThanOrEqual(4);
    expect(validateArmTemplate(t, { parameters: PARAMETERS })).toEqual([]);
  });

  test('property: every resource rendered for valid random props validates', () => {
    fc.assert(
      fc.property(secureBrokerProps(), (props) => {
        const errors = validateArmTemplate(renderArmTemplate(plan(props)), { parameters: PARAMETERS });
        if (errors.length) throw new Error(`${errors.join('\n')}\nprops: ${JSON.stringify(props)}`);
      }),
      { numRuns: 60 },
    );
  });
});

describe('negative controls: the ARM type validator fails when it should', () => {
  const SOURCE = '[ARM types microsoft.iotoperations@2025-10-01]';
  const rendered = () => JSON.parse(JSON.stringify(renderArmTemplate(plan(PROPS)))) as { resources: Record<string, JsonObject & { properties: JsonObject }> };
  const listener = () => rendered().resources.plant_a_listener_external as JsonObject & { properties: { ports?: JsonObject[]; [k: string]: unknown } };
  const WHO = 'Microsoft.IoTOperations/instances/brokers/listeners aio-plant-a/default/external';

  test('the unmodified listener passes (so the failures below come from the change)', () => {
    expect(validateArmResource(listener(), { parameters: PARAMETERS })).toEqual([]);
  });

  test('a port out of range, a wrong type, an unknown property and a missing required property', () => {
    const l = listener();
    const port = l.properties.ports![0];
    port.port = 70000;
    l.properties.serviceName = 42;
    l.properties.bogus = true;
    delete ((port.tls as JsonObject).certManagerCertificateSpec as JsonObject).issuerRef;
    expect(validateArmResource(l, { parameters: PARAMETERS })).toEqual([
      `${WHO}: /properties/serviceName must be a string (got 42) ${SOURCE}`,
      `${WHO}: /properties/ports/0/port must be <= 65535 (got 70000) ${SOURCE}`,
      `${WHO}: /properties/ports/0/tls/certManagerCertificateSpec/issuerRef is required ${SOURCE}`,
      `${WHO}: /properties must not have property "bogus" ${SOURCE}`,
    ]);
  });

  test('required ports missing; read-only provisioningState and systemData set', () => {
    const l = listener();
    delete l.properties.ports;
    l.properties.provisioningState = 'Succeeded';
    l.systemData = {};
    expect(validateArmResource(l, { parameters: PARAMETERS })).toEqual([
      `${WHO}: /properties/provisioningState is read-only ${SOURCE}`,
      `${WHO}: /properties/ports is required ${SOURCE}`,
      `${WHO}: /systemData is read-only ${SOURCE}`,
    ]);
  });

  test('names: each segment against its resource type\'s name pattern, and the segment count', () => {
    expect(validateArmResource(listener(), { parameters: { ...PARAMETERS, instanceName: 'AB' } })).toEqual([
      `Microsoft.IoTOperations/instances/brokers/listeners AB/default/external: /name[1] must be at least 3 characters (got "AB") (name of Microsoft.IoTOperations/instances) ${SOURCE}`,
      `Microsoft.IoTOperations/instances/brokers/listeners AB/default/external: /name[1] must match pattern ^[a-z0-9][a-z0-9-]*[a-z0-9]$ (got "AB") (name of Microsoft.IoTOperations/instances) ${SOURCE}`,
    ]);
    const short = { ...listener(), name: "[format('{0}/{1}/{2}', parameters('instanceName'), 'default', 'ab')]" };
    expect(validateArmResource(short, { parameters: PARAMETERS })).toEqual([
      `Microsoft.IoTOperations/instances/brokers/listeners aio-plant-a/default/ab: /name[3] must be at least 3 characters (got "ab") (name of Microsoft.IoTOperations/instances/brokers/listeners) ${SOURCE}`,
    ]);
    const flat = { ...listener(), name: "[format('{0}/{1}', parameters('instanceName'), 'external')]" };
    expect(validateArmResource(flat, { parameters: PARAMETERS })).toEqual([
      `Microsoft.IoTOperations/instances/brokers/listeners aio-plant-a/external: /name "aio-plant-a/external" has 2 segment(s); Microsoft.IoTOperations/instances/brokers/listeners needs 3 ${SOURCE}`,
    ]);
    expect(validateArmResource(listener(), {})).toEqual([
      `Microsoft.IoTOperations/instances/brokers/listeners [format('{0}/{1}/{2}', parameters('instanceName'), 'default', 'external')]: /name [format('{0}/{1}/{2}', parameters('instanceName'), 'default', 'external')] cannot be resolved with the given parameters ${SOURCE}`,
    ]);
  });

  test('an expression inside properties cannot be validated and is reported; an unknown top-level key too', () => {
    const l = listener();
    l.properties.serviceName = "[parameters('svc')]";
    l.tags = { a: 'b' };
    expect(validateArmResource(l, { parameters: PARAMETERS })).toEqual([
      `${WHO}: /properties/serviceName is an ARM expression ([parameters('svc')]); only literal values can be validated ${SOURCE}`,
      `${WHO}: /tags is not a property of Microsoft.IoTOperations/instances/brokers/listeners ${SOURCE}`,
    ]);
  });

  test('an unknown resource type or api-version', () => {
    expect(validateArmResource({ ...listener(), type: 'Microsoft.IoTOperations/instances/brokers/widgets' }, { parameters: PARAMETERS })).toEqual([
      `Microsoft.IoTOperations/instances/brokers/widgets aio-plant-a/default/external: no resource type Microsoft.IoTOperations/instances/brokers/widgets@2025-10-01 in ${SOURCE.slice(1, -1)}`,
    ]);
    expect(() => validateArmResource({ ...listener(), apiVersion: '2019-01-01' })).toThrow(/Shared reference data is missing: expected .*microsoft\.iotoperations\/2019-01-01\/types\.json/);
  });

  test('closed and extensible enums, discriminated objects, integers and arrays on a small graph', () => {
    const types: BicepType[] = [
      { $type: 'StringLiteralType', value: 'A' },
      { $type: 'StringLiteralType', value: 'B' },
      { $type: 'UnionType', elements: [{ $ref: '#/0' }, { $ref: '#/1' }] },
      { $type: 'StringType' },
      { $type: 'UnionType', elements: [{ $ref: '#/0' }, { $ref: '#/1' }, { $ref: '#/3' }] },
      { $type: 'ObjectType', name: 'Cat', properties: { kind: { type: { $ref: '#/6' }, flags: 1 }, lives: { type: { $ref: '#/8' }, flags: 1 } } },
      { $type: 'StringLiteralType', value: 'cat' },
      { $type: 'DiscriminatedObjectType', name: 'Pet', discriminator: 'kind', baseProperties: { name: { type: { $ref: '#/3' }, flags: 0 } }, elements: { cat: { $ref: '#/5' } } },
      { $type: 'IntegerType', minValue: 1, maxValue: 9 },
      { $type: 'ArrayType', itemType: { $ref: '#/8' }, minLength: 1, maxLength: 2 },
      { $type: 'BooleanType' },
    ];
    expect(validateAgainstType(types, 2, 'A')).toEqual([]);
    expect(validateAgainstType(types, 2, 'C')).toEqual(['value: / must be one of "A", "B" (got "C") [given types]']);
    expect(validateAgainstType(types, 4, 'C')).toEqual([]);
    expect(validateAgainstType(types, 7, { kind: 'cat', lives: 9, name: 'Tom' })).toEqual([]);
    expect(validateAgainstType(types, 7, { kind: 'dog', lives: 9 })).toEqual(['value: / /kind must be one of "cat" (got "dog") [given types]']);
    expect(validateAgainstType(types, 7, { kind: 'cat', lives: 10, fur: true })).toEqual([
      'value: /lives must be <= 9 (got 10) [given types]',
      'value: / must not have property "fur" [given types]',
    ]);
    expect(validateAgainstType(types, 7, { kind: 'cat' })).toEqual(['value: /lives is required [given types]']);
    expect(validateAgainstType(types, 9, [])).toEqual(['value: / must have at least 1 items [given types]']);
    expect(validateAgainstType(types, 9, [1, 2.5, 3])).toEqual([
      'value: / must have at most 2 items [given types]',
      'value: /1 must be an integer (got 2.5) [given types]',
    ]);
    expect(validateAgainstType(types, 10, 'true')).toEqual(['value: / must be a boolean (got "true") [given types]']);
    expect(validateAgainstType(types, 3, '[[escaped]')).toEqual([]);
    expect(validateAgainstType(types, 0, "[parameters('a')]", false)).toEqual([`value: / is an ARM expression ([parameters('a')]) where "A" is required [given types]`]);
  });
});
