import { endpointTarget } from '../../model/dataflow-targets';
import { TAMPER_SIGNALS_ATTRIBUTE } from '../../model/managed-identity-dataflow';
import { isJsonObject, type JsonObject, type JsonValue, type Resource } from '../../model/resource';
import type { DeploymentIndex } from '../deployment-index';
import { defineRule, outcome, type KindSelector, type RuleFinding } from '../types';
import { DATAFLOW, ENDPOINT, lower, ofKind } from './common';

type M = 'unrouted' | 'notOnBroker' | 'missingSignal' | 'badDeclaration';

/** The three forms of an Azure Device Registry asset (facts §0). */
const ASSET_CR: KindSelector = { group: 'namespaces.deviceregistry.microsoft.com', kind: 'Asset' };
const LEGACY_ASSET_CR: KindSelector = { group: 'deviceregistry.microsoft.com', kind: 'Asset' };
const ASSET_ARM: KindSelector = { group: 'Microsoft.DeviceRegistry', kind: 'assets' };

/** One tamper signal of an asset: a dataset or an event, and the MQTT topics it is published to. */
interface Signal {
  readonly name: string;
  readonly what: 'dataset' | 'event';
  /** MQTT topics; empty when it goes only to other destinations (storage, state store). */
  readonly topics: readonly string[];
  /** The destination targets it has, for the message when none is MQTT. */
  readonly targets: readonly string[];
}

/** The asset's properties: the CR `spec`, or the ARM body's `properties`. */
function propertiesOf(asset: Resource): JsonObject {
  if (asset.group !== ASSET_ARM.group) return asset.spec;
  if (!isJsonObject(asset.spec.properties)) throw new Error('spec.properties is missing');
  return asset.spec.properties;
}

/** The names the declaration lists, or undefined when it is malformed. */
function declaredNames(value: JsonValue): string[] | undefined {
  const names = typeof value === 'string' ? value.split(',').map((s) => s.trim()) : Array.isArray(value) ? value : undefined;
  if (!names || names.length === 0 || names.some((n) => typeof n !== 'string' || n === '')) return undefined;
  return [...new Set(names as string[])];
}

const list = (v: JsonValue | undefined): JsonObject[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);

/** Destinations of the namespaced ADR model: MQTT topics and every target. */
function destinations(ds: JsonObject[], at: string): { topics: string[]; targets: string[] } {
  const topics: string[] = [];
  const targets: string[] = [];
  ds.forEach((d, i) => {
    const target = typeof d.target === 'string' ? d.target : '?';
    targets.push(target);
    if (target.toLowerCase() !== 'mqtt') return;
    const topic = isJsonObject(d.configuration) ? d.configuration.topic : undefined;
    if (typeof topic !== 'string' || topic === '') throw new Error(`${at}/${i}/configuration/topic is not a literal topic`);
    topics.push(topic);
  });
  return { topics, targets };
}

/**
 * The asset's datasets and events with their topics. Namespaced ADR: `datasets[].destinations`
 * (else `defaultDatasetsDestinations`), `eventGroups[].events[].destinations` (else the group's
 * `defaultDestinations`, else `defaultEventsDestinations`). Legacy ADR: `datasets[].topic.path`,
 * `events[].topic.path`, else `defaultTopic.path`. Throws (unknown) for a signal without any.
 */
function signalsOf(asset: Resource, p: JsonObject): Signal[] {
  const out: Signal[] = [];
  if (asset.group === LEGACY_ASSET_CR.group) {
    const fallback = isJsonObject(p.defaultTopic) ? p.defaultTopic.path : undefined;
    for (const what of ['dataset', 'event'] as const) {
      for (const x of list(what === 'dataset' ? p.datasets : p.events)) {
        if (typeof x.name !== 'string') continue;
        const path = isJsonObject(x.topic) ? x.topic.path : fallback;
        const topics = typeof path === 'string' && path !== '' ? [path] : [];
        out.push({ name: x.name, what, topics, targets: topics.length ? ['Mqtt'] : [] });
      }
    }
    return out;
  }
  for (const [i, d] of list(p.datasets).entries()) {
    if (typeof d.name !== 'string') continue;
    const ds = Array.isArray(d.destinations) ? list(d.destinations) : list(p.defaultDatasetsDestinations);
    out.push({ name: d.name, what: 'dataset', ...destinations(ds, `datasets/${i}/destinations`) });
  }
  for (const [g, group] of list(p.eventGroups).entries()) {
    for (const [e, ev] of list(group.events).entries()) {
      if (typeof ev.name !== 'string') continue;
      const ds = Array.isArray(ev.destinations) ? list(ev.destinations) : Array.isArray(group.defaultDestinations) ? list(group.defaultDestinations) : list(p.defaultEventsDestinations);
      out.push({ name: ev.name, what: 'event', ...destinations(ds, `eventGroups/${g}/events/${e}/destinations`) });
    }
  }
  return out;
}

/** True when an MQTT topic filter matches a topic name (`+`, `#`, `$share/<group>/`, `$` topics). */
export function filterMatchesTopic(filter: string, topic: string): boolean {
  const f = (/^\$share\/[^/]+\/(.*)$/.exec(filter)?.[1] ?? filter).split('/');
  const t = topic.split('/');
  if (t[0].startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** True when an enabled dataflow reads the topic from the local broker and sends it somewhere. */
function routed(index: DeploymentIndex, asset: Resource, topic: string): boolean {
  const endpoints = ofKind(index, ENDPOINT);
  return ofKind(index, DATAFLOW).some((f) => {
    if (f.namespace && asset.namespace && f.namespace !== asset.namespace) return false;
    if (lower(f.spec.mode) === 'disabled') return false;
    const ops = list(f.spec.operations);
    const source = ops.find((o) => lower(o.operationType) === 'source');
    const dest = ops.find((o) => lower(o.operationType) === 'destination');
    const src = source && isJsonObject(source.sourceSettings) ? source.sourceSettings : undefined;
    const dst = dest && isJsonObject(dest.destinationSettings) ? dest.destinationSettings : undefined;
    if (!src || !dst || typeof dst.endpointRef !== 'string' || typeof dst.dataDestination !== 'string') return false;
    // A source endpoint of the deployment must be the local broker; one it does not hold is taken as written.
    const endpoint = endpoints.find((e) => e.name === src.endpointRef && (!e.namespace || !f.namespace || e.namespace === f.namespace));
    if (endpoint && endpointTarget(endpoint.spec).kind !== 'local-broker') return false;
    return Array.isArray(src.dataSources) && src.dataSources.some((s) => typeof s === 'string' && filterMatchesTopic(s, topic));
  });
}

/** AS-3: the tamper signals an asset declares reach an alert destination through a dataflow. */
export const tamperSignalRouted = defineRule({
  name: 'tamper-signal-routed',
  guidance: ['AS-3'],
  description: `Every tamper signal an asset declares (attribute ${TAMPER_SIGNALS_ATTRIBUTE}) is routed by an enabled dataflow from the local broker to a destination.`,
  rationale:
    'Tamper-proof hardware only helps when someone hears it: the guidance asks that tamper signals flow in the data stream. A tamper event that the asset publishes to the broker, but that no dataflow carries to an alerting destination, is seen by nobody.',
  remediation:
    'Route each signal with ManagedIdentityDataflow tamperSignals: [{ asset, topic, destination }] (a dataflow named <asset>-tamper), or add a Dataflow whose source dataSources cover the signal\'s MQTT topic. Publish the signal to MQTT (a dataset or event destination with target Mqtt, or a topic on legacy assets).',
  severity: { development: 'warning', production: 'error' },
  waivable: true,
  appliesTo: [ASSET_CR, LEGACY_ASSET_CR, ASSET_ARM],
  messages: {
    unrouted: 'Asset {asset} declares tamper signal {signal} ({what}, topic {topic}), but no enabled dataflow reads that topic from the local broker.',
    notOnBroker: 'Asset {asset} declares tamper signal {signal}, but the {what} is published to {targets}, not to the MQTT broker, so no dataflow can route it.',
    missingSignal: 'Asset {asset} declares tamper signal {signal}, but has no dataset or event of that name.',
    badDeclaration: `Asset {asset} attribute ${TAMPER_SIGNALS_ATTRIBUTE} is {value}; it must name the asset's tamper datasets or events, e.g. "enclosure-open" or "enclosure-open,case-tamper".`,
  },
  check(asset, { index }) {
    const p = propertiesOf(asset);
    const attributes = isJsonObject(p.attributes) ? p.attributes : undefined;
    const declared = attributes && Object.prototype.hasOwnProperty.call(attributes, TAMPER_SIGNALS_ATTRIBUTE) ? attributes[TAMPER_SIGNALS_ATTRIBUTE] : undefined;
    if (declared === undefined) return { status: 'not-applicable', reason: `the asset declares no tamper signals (attribute ${TAMPER_SIGNALS_ATTRIBUTE})` };
    const base = asset.group === ASSET_ARM.group ? '/spec/properties' : '/spec';
    const path = `${base}/attributes/${TAMPER_SIGNALS_ATTRIBUTE.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const names = declaredNames(declared);
    if (!names) return outcome<M>([{ messageId: 'badDeclaration', data: { asset: asset.name, value: JSON.stringify(declared) }, path }]);
    const signals = signalsOf(asset, p);
    const findings: RuleFinding<M>[] = [];
    for (const name of names) {
      const matching = signals.filter((s) => s.name === name);
      const data = { asset: asset.name, signal: name };
      if (!matching.length) {
        findings.push({ messageId: 'missingSignal', data, path });
        continue;
      }
      for (const s of matching) {
        if (!s.topics.length) {
          if (!s.targets.length) throw new Error(`the ${s.what} ${name} has no destination or topic, so its MQTT topic cannot be known`);
          findings.push({ messageId: 'notOnBroker', data: { ...data, what: s.what, targets: s.targets.join(', ') }, path });
          continue;
        }
        for (const topic of s.topics) {
          if (!routed(index, asset, topic)) findings.push({ messageId: 'unrouted', data: { ...data, what: s.what, topic }, path });
        }
      }
    }
    return outcome(findings);
  },
});
