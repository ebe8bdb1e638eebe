import { AIO } from '../../model/aio';
import { DATAFLOW_SERVICE_ACCOUNTS, MANAGED_IDENTITY_DATAFLOW_DEFAULTS, serviceAccountSubject } from '../../model/managed-identity-dataflow';
import { isJsonObject } from '../../model/resource';
import { defineRule, outcome, type RuleFinding } from '../types';
import { endpointsOf, FEDERATED_CREDENTIAL, identityNamed, serviceAccountOf } from './common';

type M = 'subject' | 'audience';

/** CL-1: the federated credentials of a dataflow identity trust only the dataflow service accounts. */
export const dataflowFederatedCredentialSubject = defineRule({
  name: 'dataflow-federated-credential-subject',
  guidance: ['CL-1'],
  description: "A dataflow identity's federated credentials name only the dataflow (or schema registry) service account, with the token exchange audience.",
  rationale:
    "A federated credential lets whoever holds a token for its subject act as the identity. A subject other than AIO's dataflow service account hands the identity's data roles to another workload (or to nothing that exists yet, waiting for someone to create it); an audience other than api://AzureADTokenExchange is not the one workload identity federation uses.",
  remediation:
    `Let ManagedIdentityDataflow create the credential: subject ${serviceAccountSubject(AIO.namespace, DATAFLOW_SERVICE_ACCOUNTS.dataflow)} ` +
    `(and ${DATAFLOW_SERVICE_ACCOUNTS.schemaRegistry} with identity.schemaRegistry), audience ${MANAGED_IDENTITY_DATAFLOW_DEFAULTS.federatedAudience}. Delete other credentials of the identity.`,
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [FEDERATED_CREDENTIAL],
  messages: {
    subject: 'Federated credential {name} of dataflow identity {identity} trusts {subject}, which is not the dataflow or schema registry service account of {namespace}.',
    audience: 'Federated credential {name} of dataflow identity {identity} has audiences {audiences}, not only {expected}.',
  },
  check(fic, { index }) {
    const identity = identityNamed(index, fic.parent?.name);
    if (!identity) return { status: 'not-applicable', reason: 'its identity is not in this deployment' };
    const endpoints = endpointsOf(index, identity);
    if (!endpoints.length) return { status: 'not-applicable', reason: 'its identity is not used by a dataflow endpoint of this deployment' };
    const props = isJsonObject(fic.spec.properties) ? fic.spec.properties : undefined;
    if (!props || typeof props.subject !== 'string') throw new Error('spec.properties.subject is not a literal string');
    const sa = serviceAccountOf(props.subject);
    if (sa?.name === DATAFLOW_SERVICE_ACCOUNTS.secretSync) {
      return { status: 'not-applicable', reason: 'it federates the secret-sync service account, which dataflow-identity-dedicated reports' };
    }
    const namespace = endpoints[0].namespace ?? AIO.namespace;
    const allowed = [DATAFLOW_SERVICE_ACCOUNTS.dataflow, DATAFLOW_SERVICE_ACCOUNTS.schemaRegistry].map((n) => serviceAccountSubject(namespace, n));
    const findings: RuleFinding<M>[] = [];
    const data = { name: fic.name, identity: identity.name };
    if (!allowed.includes(props.subject)) findings.push({ messageId: 'subject', data: { ...data, subject: props.subject, namespace }, path: '/spec/properties/subject' });
    const audiences = props.audiences;
    const expected = MANAGED_IDENTITY_DATAFLOW_DEFAULTS.federatedAudience;
    if (!Array.isArray(audiences) || audiences.length !== 1 || audiences[0] !== expected) {
      findings.push({ messageId: 'audience', data: { ...data, audiences: JSON.stringify(audiences ?? null), expected }, path: '/spec/properties/audiences' });
    }
    return outcome(findings);
  },
});
