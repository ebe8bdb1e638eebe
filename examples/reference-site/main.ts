/**
 * The reference site: a production broker for one plant, synthesized with cdk8s and checked
 * against the guidance at synth. `npm start` runs it and then checks dist/ with the CLI.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { GuidanceChecks, SecureBroker, synthAtomically } from 'aio-secure/cdk8s';
import { PLANT_CA_CLUSTER_ISSUER, REFERENCE_BROKER, REFERENCE_BROKER_ID } from './site';

/** One plant's broker: devices and gateways on TLS with X.509, plant apps with service account tokens. */
export class ReferenceSite extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // The plant's own CA (CN-2), and the broker whose listener certificates it signs.
    new ApiObject(this, 'plant-ca-issuer', PLANT_CA_CLUSTER_ISSUER);
    new SecureBroker(this, REFERENCE_BROKER_ID, REFERENCE_BROKER);
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
