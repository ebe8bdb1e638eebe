import type { Rule } from '../types';
import { aioReachableWithoutConduit } from './aio-reachable-without-conduit';
import { brokerAdmitsAnyAddress } from './broker-admits-any-address';
import { ipBlockToPlaintextBrokerPort } from './ip-block-to-plaintext-broker-port';
import { zoneDefaultDeny } from './zone-default-deny';

/** Rules for network segmentation (CN-7). */
export const NETWORK_RULES: readonly Rule[] = [zoneDefaultDeny, ipBlockToPlaintextBrokerPort, brokerAdmitsAnyAddress, aioReachableWithoutConduit] as Rule[];
