/**
 * The reference site: a production broker for one plant, synthesized with cdk8s and checked
 * against the guidance at synth. `npm start` runs it and then checks dist/ with the CLI.
 */
import { App, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { EdgePki, GuidanceChecks, SecureBroker, synthAtomically } from 'aio-secure/cdk8s';
import { REFERENCE_BROKER, REFERENCE_BROKER_ID, REFERENCE_PKI } from './site';

/** One plant: its PKI and its broker. */
export class ReferenceSite extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const pki = new EdgePki(this, 'pki', REFERENCE_PKI);
    new SecureBroker(this, REFERENCE_BROKER_ID, {
      ...REFERENCE_BROKER,
      // The broker's certificates come from the plant's CA, under the PKI's certificate policy.
      issuer: { kind: pki.issuer.kind as 'ClusterIssuer', name: pki.issuer.name },
      certificatePolicy: pki.certificatePolicy,
    });
  }
}

/** Builds the app; `outdir` defaults to cdk8s' `dist/`. */
export function buildApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  new GuidanceChecks(app, { profile: 'production' });
  new ReferenceSite(app, 'reference-site');
  return app;
}

if (require.main === module) {
  const files = synthAtomically(buildApp());
  process.stdout.write(`Synthesized ${files.length} file(s): ${files.join(', ')}\n`);
}
