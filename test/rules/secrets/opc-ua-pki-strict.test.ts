import { planAzureResource } from '../../../lib/model/azure';
import type { JsonObject, Resource } from '../../../lib/model/resource';
import { opcUaPkiStrict } from '../../../lib/rules/secrets/opc-ua-pki-strict';
import { ruleTable } from '../helpers';

const KEY = 'connectors.values.securityPki.minimumCertificateKeySize';
const SHA1 = 'connectors.values.securityPki.rejectSha1SignedCertificates';
const extension = (configurationSettings: JsonObject | undefined, extensionType = 'microsoft.iotoperations', extra: Partial<Resource> = {}): Resource => ({
  ...planAzureResource({
    id: 'ext/aio', armType: 'Microsoft.KubernetesConfiguration/extensions', name: 'azure-iot-operations',
    spec: { scope: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c', properties: { extensionType, ...(configurationSettings ? { configurationSettings } : {}) } },
  }),
  ...extra,
});

describe('opc-ua-pki-strict', () => {
  ruleTable(opcUaPkiStrict, [
    { name: 'the connector defaults', resources: [extension(undefined)], expect: { outcome: 'valid' } },
    { name: 'stricter than the defaults', resources: [extension({ [KEY]: '4096', [SHA1]: 'true' }, 'Microsoft.IoTOperations')], expect: { outcome: 'valid' } },
    {
      name: 'a weak key size and SHA-1',
      resources: [extension({ [KEY]: '1024', [SHA1]: 'False' })],
      expect: {
        outcome: 'invalid', messageIds: ['weakKeySize', 'sha1Accepted'],
        messages: [
          'The AIO extension azure-iot-operations lets the OPC UA connector accept keys of 1024 bits (minimumCertificateKeySize under 2048).',
          'The AIO extension azure-iot-operations lets the OPC UA connector accept SHA-1 signed certificates (rejectSha1SignedCertificates False).',
        ],
        paths: ['/spec/properties/configurationSettings', '/spec/properties/configurationSettings'],
      },
    },
    { name: 'SHA-1 in development', profile: 'development', resources: [extension({ [SHA1]: 'false' })], expect: { outcome: 'invalid', messageIds: ['sha1Accepted'] } },
    { name: 'another extension', resources: [extension({ [KEY]: '1024' }, 'microsoft.azure.secretstore')], expect: { outcome: 'not-applicable', reason: 'not the AIO extension' } },
    { name: 'not a number', resources: [extension({ [KEY]: 'large' })], expect: { outcome: 'unknown', reason: `configurationSettings["${KEY}"] "large" is not a number of bits` } },
    { name: 'an expression', resources: [extension({ [KEY]: '[parameters(\'k\')]' }, undefined, { unresolved: [`/spec/properties/configurationSettings/${KEY}`] })], expect: { outcome: 'unknown', reason: 'is only known at deployment' } },
  ]);
});
