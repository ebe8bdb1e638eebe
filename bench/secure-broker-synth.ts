import { ApiObject, App, Chart } from 'cdk8s';
import { planSecureBroker, resolveSecureBroker, toKubernetesObject, type SecureBrokerProps } from '../lib';
import { SecureBroker } from '../lib/cdk8s';
import { compare } from './measure';

/** A large broker: two listeners with many ports, and many clients with several topics each. */
export function largeBrokerProps(ports = 100, clients = 2000): SecureBrokerProps {
  return {
    issuer: { kind: 'ClusterIssuer', name: 'plant-ca' },
    listeners: [
      {
        name: 'external', serviceType: 'LoadBalancer', hostnames: ['mqtt.plant.example'],
        ports: Array.from({ length: ports / 2 }, (_, i) => ({ port: 8000 + i })),
        authentication: { x509: { trustedClientCaConfigMap: 'client-ca' } },
      },
      {
        name: 'line', serviceType: 'NodePort', ipAddresses: ['10.20.0.5'],
        ports: Array.from({ length: ports / 2 }, (_, i) => ({ port: 9000 + i, nodePort: 30000 + i })),
        authentication: { serviceAccountToken: { audiences: ['plant-apps'] } },
      },
    ],
    clients: Array.from({ length: clients }, (_, i) => ({
      name: `device-${i}`,
      usernames: [`device-${i}`],
      clientIds: [`device-${i}`],
      publish: [`plant/line-${i % 20}/device-${i}/telemetry`, `plant/line-${i % 20}/device-${i}/events`],
      subscribe: [`plant/line-${i % 20}/device-${i}/commands/#`],
    })),
  };
}

/**
 * SecureBroker (resolve, plan, render, synth with guidance checks) against the same objects
 * written as raw ApiObjects and synthesized without checks.
 */
export function synthSecureBrokerBench(): void {
  const props = largeBrokerProps();
  const objects = planSecureBroker(resolveSecureBroker('plant-a', props)).map(toKubernetesObject);

  const baseline = () => {
    const app = new App();
    const chart = new Chart(app, 'site');
    objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o as never));
    app.synthYaml();
  };
  const candidate = () => {
    const app = new App();
    const chart = new Chart(app, 'site');
    new SecureBroker(chart, 'plant-a', props);
    app.synthYaml();
  };
  compare('secure-broker-synth (100 ports, 2000 clients)', baseline, candidate);
}
