/**
 * The reference site: a production broker for one plant, synthesized with cdk8s and checked
 * against the guidance at synth. `npm start` runs it and then checks dist/ with the CLI.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { GuidanceChecks, SecureBroker, synthAtomically } from 'aio-secure/cdk8s';


/** One plant's broker: devices and gateways on TLS with X.509, plant apps with service account tokens. */
export class ReferenceSite extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    // The plant's own CA (CN-2). Its key pair is synced from Key Vault into this Secret by the
    // secret sync construct once it exists; until then the PKI team provides the Secret.
    new ApiObject(this, 'plant-ca-issuer', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: 'plant-a-ca-issuer' },
      spec: { ca: { secretName: 'plant-a-ca-key-pair' } },
    });

    new SecureBroker(this, 'plant-a', {
      issuer: { kind: 'ClusterIssuer', name: 'plant-a-ca-issuer' },
      listeners: [
        {
          name: 'plant-floor',
          serviceType: 'LoadBalancer',
          hostnames: ['mqtt.plant-a.contoso.example'],
          ports: [{ port: 8883 }],
          authentication: {
            // Devices and gateways present certificates issued by the plant's device CA.
            x509: { trustedClientCaConfigMap: 'plant-a-device-ca' },
            // Plant apps in the cluster use projected service account tokens with this audience.
            serviceAccountToken: { audiences: ['plant-a-apps'] },
          },
        },
      ],
      clients: [
        {
          name: 'line-1 sensors',
          attributes: [{ line: 'line-1', role: 'sensor' }],
          publish: ['plant-a/line-1/{principal.clientId}/telemetry'],
        },
        {
          name: 'line-1 gateway',
          usernames: ['line-1-gateway'],
          publish: ['plant-a/line-1/+/telemetry', 'plant-a/line-1/gateway/status'],
          subscribe: ['plant-a/line-1/commands/#'],
        },
        {
          name: 'historian',
          clientIds: ['historian'],
          subscribe: ['plant-a/+/+/telemetry', 'plant-a/+/gateway/status'],
        },
        {
          name: 'mes-bridge',
          clientIds: ['mes-bridge'],
          publish: ['plant-a/line-1/commands/setpoints'],
          subscribe: ['plant-a/line-1/gateway/status'],
        },
      ],
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
