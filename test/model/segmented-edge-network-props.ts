import type { SegmentedEdgeNetworkProps } from '../../lib/model/segmented-edge-network';

/** A plant site: a level-2 OPC UA cell and the enterprise network outside, site apps inside. */
export const SITE_NETWORK: SegmentedEdgeNetworkProps = {
  zones: [
    { name: 'level-2-cell-a', purdueLevel: '2', cidrs: ['10.20.0.0/16'] },
    { name: 'level-3-site', purdueLevel: '3', namespace: 'plant-a-apps' },
    { name: 'level-4-enterprise', purdueLevel: '4', cidrs: ['172.16.0.0/12'] },
  ],
  conduits: [
    { name: 'apps-to-broker', from: 'level-3-site', to: 'aio', ports: [{ port: 18883 }] },
    { name: 'opc-ua', from: 'aio', to: 'level-2-cell-a', ports: [{ port: 4840 }] },
    { name: 'enterprise-mqtt', from: 'level-4-enterprise', to: 'aio', ports: [{ port: 8883 }] },
    { name: 'historian', from: { zone: 'level-3-site', workloadLabels: { app: 'historian-export' } }, to: 'level-4-enterprise', ports: [{ port: 443 }] },
  ],
  aio: { kubernetesApiCidrs: ['10.0.0.1/32'] },
};
