import {
  automaticCertificatePorts,
  CLUSTER_ISSUER,
  findIssuer,
  holdsIssuers,
  ISSUER,
  isQuickstartIssuer,
  readIssuerRef,
} from '../certificates/common';
import { defineRule, outcome, type RuleFinding } from '../types';
import { LISTENER } from './common';

type Message = 'issuerNotFound' | 'wrongKind' | 'issuerInOtherNamespace';

/** The reason given when the input cannot say whether an issuer exists. */
export const NO_ISSUERS_IN_INPUT = 'the input holds no cert-manager issuers; check the Kubernetes manifests together with these resources';

/** CN-5: the issuer a listener asks for its certificate exists. */
export const listenerIssuerExists = defineRule({
  name: 'listener-issuer-exists',
  guidance: ['CN-5'],
  description:
    'Every TLS port\'s certManagerCertificateSpec.issuerRef names a cert-manager Issuer (in the listener\'s namespace) or ClusterIssuer that is in the deployment, with the right kind.',
  rationale:
    'cert-manager only issues the listener\'s certificate if the issuer it names exists, with that kind and, for a namespaced Issuer, in the listener\'s namespace. ' +
    'Otherwise the port serves no certificate at all, and whoever later creates an issuer of that name decides which CA clients are asked to trust.',
  remediation:
    'Deploy the issuer together with the broker: EdgePki creates the issuer and SecureBroker\'s issuer prop names it (kind ClusterIssuer, or an Issuer in the broker\'s namespace). ' +
    'By hand: fix issuerRef.name and issuerRef.kind, and check the issuer\'s manifest in the same run as the listener.',
  severity: { development: 'error', production: 'error' },
  waivable: true,
  appliesTo: [LISTENER],
  messages: {
    issuerNotFound: 'Port {port} of listener {listener} takes its certificate from {kind} {issuer}, which is not among the checked manifests.',
    wrongKind: 'Port {port} of listener {listener} names {kind} {issuer}, but {issuer} is of kind {actualKind}; set issuerRef.kind to {actualKind}.',
    issuerInOtherNamespace: 'Port {port} of listener {listener} names Issuer {issuer}, which is in namespace {found}, not {namespace}; an Issuer only signs certificates in its own namespace.',
  },
  check(listener, { index }) {
    const refs = automaticCertificatePorts(listener).flatMap((p) => {
      const ref = readIssuerRef(p.spec.issuerRef, `${p.where}.issuerRef`);
      return ref ? [{ p, ref }] : [];
    });
    if (refs.length === 0) return { status: 'not-applicable', reason: 'no port takes its certificate from a cert-manager issuer' };
    // AIO creates its quickstart ClusterIssuer itself, like the built-in BrokerAuthentication "default".
    const toFind = refs.filter(({ ref }) => !isQuickstartIssuer(ref, listener.namespace));
    if (toFind.length === 0) return { status: 'compliant' };
    // An ARM template carries only AIO resources: whether an issuer exists is for the YAML check to say.
    if (!holdsIssuers(index)) return { status: 'not-applicable', reason: NO_ISSUERS_IN_INPUT };

    const findings: RuleFinding<Message>[] = [];
    for (const { p, ref } of toFind) {
      if (findIssuer(index, ref, listener.namespace)) continue;
      const data = { port: p.number, listener: listener.name, kind: ref.kind, issuer: ref.name };
      const at = `${p.path}/issuerRef`;
      const other = ref.kind === ISSUER.kind ? CLUSTER_ISSUER.kind : ref.kind === CLUSTER_ISSUER.kind ? ISSUER.kind : undefined;
      const otherKind = other ? findIssuer(index, { ...ref, kind: other }, listener.namespace) : undefined;
      const quickstartAsIssuer = other === CLUSTER_ISSUER.kind && isQuickstartIssuer({ ...ref, kind: other }, listener.namespace);
      if (otherKind || quickstartAsIssuer) {
        findings.push({ messageId: 'wrongKind', data: { ...data, actualKind: other! }, path: `${at}/kind` });
        continue;
      }
      const sameName = ref.kind === ISSUER.kind ? index.ofKind(ref.group, ref.kind).filter((r) => r.name === ref.name) : [];
      if (sameName.length && listener.namespace === undefined) {
        // Without a namespace the listener could land next to any of them.
        throw new Error(`Issuers named ${ref.name} exist in namespaces ${sameName.map((r) => r.namespace).join(', ')}, and listener ${listener.name} has no namespace`);
      }
      if (sameName.length) {
        findings.push({ messageId: 'issuerInOtherNamespace', data: { ...data, found: sameName[0].namespace!, namespace: listener.namespace! }, path: `${at}/name` });
        continue;
      }
      findings.push({ messageId: 'issuerNotFound', data, path: `${at}/name` });
    }
    return outcome(findings);
  },
});
