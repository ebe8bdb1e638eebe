/**
 * Renders a plan as an Azure Resource Manager deployment template: the production path for AIO
 * resources, for teams that deploy with `az deployment group create` rather than Pulumi. Only
 * resources that exist in ARM (those with an `armType`) are in the template; Kubernetes-native
 * objects (cert-manager issuers, ConfigMaps, NetworkPolicies, ...) stay YAML. `partitionForArm`
 * splits a plan that way.
 *
 * The template (languageVersion 2.0, symbolic resource names) has three parameters:
 * `instanceName`, the existing AIO instance (deployed by AIO's own templates and referenced by
 * name, never created here); `customLocationName`, its custom location; and
 * `customLocationResourceGroup`, which defaults to the deployment's resource group.
 *
 * aio-secure's bookkeeping travels in the template's top-level metadata, so that reading the
 * template back gives exactly the plan:
 *
 * ```json
 * "metadata": { "aio-secure": { "resources": {
 *   "<symbolic name>": { "id": "plant-a/listener/external", "namespace": "azure-iot-operations", "waivers": [...] }
 * } } }
 * ```
 *
 * ARM has no Kubernetes namespace (the custom location decides it), so the plan's namespace is
 * kept there too. Every string of a spec that ARM would take for an expression (`[...]`) is
 * escaped (`[[...]`), so properties are the plan's spec exactly.
 */
import { AioSecureError } from '../model/errors';
import { armNameSegments } from '../model/arm';
import type { JsonObject, JsonValue, Resource, Waiver } from '../model/resource';
import { isJsonObject } from '../model/resource';
import { ARM, ARM_TEMPLATE, K8S } from '../model/versions';
import { armStringLiteral, escapeArmString, setOwn } from './expression';

/** Key of aio-secure's bookkeeping in a template's top-level `metadata`. */
export const ARM_METADATA_KEY = 'aio-secure';

/** The parameters of a rendered template. */
export const ARM_TEMPLATE_PARAMETERS = {
  instanceName: 'instanceName',
  customLocationName: 'customLocationName',
  customLocationResourceGroup: 'customLocationResourceGroup',
} as const;

/** What aio-secure keeps about one template resource, in `metadata['aio-secure'].resources`. */
export interface ArmResourceBookkeeping {
  /** The resource's logical id. */
  readonly id: string;
  /** The Kubernetes namespace the plan gave it (ARM takes it from the custom location). */
  readonly namespace?: string;
  /** Waivers that travel with the resource. */
  readonly waivers?: readonly Waiver[];
  /** Labels the plan gave it. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations the plan gave it. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One resource of a rendered template. */
export interface ArmTemplateResource {
  readonly type: string;
  readonly apiVersion: string;
  /** An expression: `[format('{0}/{1}', parameters('instanceName'), 'default')]`. */
  readonly name: string;
  readonly extendedLocation: { readonly name: string; readonly type: 'CustomLocation' };
  /** The plan's spec, with expression-like strings escaped. */
  readonly properties: JsonObject;
  /** Symbolic names of the template resources this one needs first. */
  readonly dependsOn?: readonly string[];
}

/** One parameter of a rendered template. */
export interface ArmTemplateParameter {
  readonly type: 'string';
  readonly defaultValue?: string;
  readonly metadata: { readonly description: string };
}

/** A rendered deployment template. */
export interface ArmTemplate {
  readonly $schema: string;
  readonly contentVersion: string;
  readonly languageVersion: string;
  readonly metadata: {
    readonly [ARM_METADATA_KEY]: {
      readonly description: string;
      /** Bookkeeping by symbolic resource name. */
      readonly resources: Readonly<Record<string, ArmResourceBookkeeping>>;
    };
  };
  readonly parameters: Readonly<Record<string, ArmTemplateParameter>>;
  /** Resources by symbolic name, in plan order. */
  readonly resources: Readonly<Record<string, ArmTemplateResource>>;
}

/** Options of `renderArmTemplate`. */
export interface ArmTemplateOptions {
  /**
   * Default value of the `instanceName` parameter.
   * @default - none: the deployment passes it
   */
  readonly instanceName?: string;
  /**
   * Default value of the `customLocationName` parameter.
   * @default - none: the deployment passes it
   */
  readonly customLocationName?: string;
  /**
   * Default value of the `customLocationResourceGroup` parameter.
   * @default - the deployment's resource group (`[resourceGroup().name]`)
   */
  readonly customLocationResourceGroup?: string;
}

/** A plan split by where each resource is deployed. */
export interface ArmPartition {
  /** Resources that exist in ARM: `renderArmTemplate` renders them. */
  readonly arm: Resource[];
  /** Kubernetes-native objects: render them as YAML. */
  readonly kubernetes: Resource[];
}

/**
 * Splits a plan into the resources an ARM template deploys and the Kubernetes-native objects that
 * stay YAML. With cdk8s, render `kubernetes` as ApiObjects and write the template beside them.
 */
export function partitionForArm(resources: readonly Resource[]): ArmPartition {
  return {
    arm: resources.filter((r) => r.armType !== undefined),
    kubernetes: resources.filter((r) => r.armType === undefined),
  };
}

/** The pinned api-version for an ARM resource type. Throws for a type no version is pinned for. */
export function armApiVersionOf(armType: string): string {
  if (armType.toLowerCase().startsWith('microsoft.iotoperations/')) return ARM.iotOperations;
  throw new AioSecureError(
    `renderArmTemplate: no api-version is pinned for ARM type ${armType}. Add one to lib/model/versions.ts before rendering it.`,
    { code: 'INVALID_PROP' },
  );
}

const INSTANCE_NAME = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
const P = ARM_TEMPLATE_PARAMETERS;

/**
 * Renders the plan's ARM resources as a deployment template that `az deployment group create`
 * accepts. Resources without an `armType` are left out (see `partitionForArm`). Each resource gets
 * its pinned api-version, a name below `parameters('instanceName')`, the custom location, the
 * plan's spec as `properties`, and `dependsOn` its parent broker and, for a listener, the
 * authentications and authorizations its ports reference when they are in the template.
 */
export function renderArmTemplate(resources: readonly Resource[], options: ArmTemplateOptions = {}): ArmTemplate {
  if (options.instanceName !== undefined && (!INSTANCE_NAME.test(options.instanceName) || options.instanceName.length < 3 || options.instanceName.length > 63)) {
    throw new AioSecureError(
      `renderArmTemplate: instanceName is not an AIO instance name (got ${JSON.stringify(options.instanceName)}). ` +
        'Use 3-63 lower-case letters, digits and "-", starting and ending with a letter or digit.',
      { code: 'INVALID_PROP', propPath: 'instanceName' },
    );
  }
  for (const key of ['customLocationName', 'customLocationResourceGroup'] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== 'string' || v === '' || v.startsWith('['))) {
      throw new AioSecureError(`renderArmTemplate: ${key} is not a name (got ${JSON.stringify(v)}). Give the plain name, not an expression.`,
        { code: 'INVALID_PROP', propPath: key });
    }
  }

  const { arm } = partitionForArm(resources);
  const symbols = new Map<Resource, string>();
  const used = new Set<string>();
  const byArmName = new Map<string, Resource>();
  for (const r of arm) {
    const segments = armNameSegments(r);
    const key = `${r.armType!.toLowerCase()}|${segments.join('/')}`;
    const twin = byArmName.get(key);
    if (twin) {
      throw new AioSecureError(
        `renderArmTemplate: ${r.kind} "${r.name}" (${r.id}) has the same ARM type and name as ${twin.id} (${r.armType} ${segments.join('/')}). ` +
          'One deployment can create it once; give one of them another name.',
        { code: 'DUPLICATE' },
      );
    }
    byArmName.set(key, r);
    symbols.set(r, symbolicName(r.id, used));
  }

  const templateResources: Record<string, ArmTemplateResource> = {};
  const bookkeeping: Record<string, ArmResourceBookkeeping> = {};
  for (const r of arm) {
    const symbol = symbols.get(r)!;
    const segments = armNameSegments(r);
    const dependsOn = dependenciesOf(r, arm).map((d) => symbols.get(d)!);
    setOwn(templateResources, symbol, {
      type: r.armType!,
      apiVersion: armApiVersionOf(r.armType!),
      name: `[format('${['{0}', ...segments.map((_, i) => `{${i + 1}}`)].join('/')}', parameters('${P.instanceName}'), ${segments.map(armStringLiteral).join(', ')})]`,
      extendedLocation: {
        name: `[resourceId(parameters('${P.customLocationResourceGroup}'), 'Microsoft.ExtendedLocation/customLocations', parameters('${P.customLocationName}'))]`,
        type: 'CustomLocation',
      },
      properties: escapeTree(r.spec) as JsonObject,
      ...(dependsOn.length ? { dependsOn } : {}),
    });
    setOwn(bookkeeping, symbol, {
      id: r.id,
      ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
      ...(r.waivers?.length ? { waivers: r.waivers.map((w) => ({ ...w })) } : {}),
      ...(r.labels && Object.keys(r.labels).length ? { labels: { ...r.labels } } : {}),
      ...(r.annotations && Object.keys(r.annotations).length ? { annotations: { ...r.annotations } } : {}),
    });
  }

  const parameter = (description: string, defaultValue: string | undefined): ArmTemplateParameter => ({
    type: 'string',
    ...(defaultValue !== undefined ? { defaultValue } : {}),
    metadata: { description },
  });
  return {
    $schema: ARM_TEMPLATE.schema,
    contentVersion: ARM_TEMPLATE.contentVersion,
    languageVersion: ARM_TEMPLATE.languageVersion,
    metadata: {
      [ARM_METADATA_KEY]: {
        description:
          'Written by aio-secure. resources holds, by symbolic resource name, the logical id, Kubernetes namespace and waivers of each resource; ' +
          'aio-secure check reads them back. Waivers stay visible in every report.',
        resources: bookkeeping,
      },
    },
    parameters: {
      [P.instanceName]: parameter(
        'Name of the existing Azure IoT Operations instance (Microsoft.IoTOperations/instances) in this resource group. AIO\'s own templates create it.',
        options.instanceName,
      ),
      [P.customLocationName]: parameter('Name of the custom location of the AIO instance.', options.customLocationName),
      [P.customLocationResourceGroup]: parameter(
        'Resource group of the custom location. Defaults to the resource group of the deployment.',
        options.customLocationResourceGroup ?? '[resourceGroup().name]',
      ),
    },
    resources: templateResources,
  };
}

/** The template resources `r` depends on: its parent, and for a listener what its ports reference. */
function dependenciesOf(r: Resource, arm: readonly Resource[]): Resource[] {
  const sameScope = (o: Resource) => o !== r && (o.namespace === undefined || r.namespace === undefined || o.namespace === r.namespace);
  const out: Resource[] = [];
  const add = (o: Resource | undefined) => {
    if (o && !out.includes(o)) out.push(o);
  };
  if (r.parent) add(arm.find((o) => sameScope(o) && o.kind === r.parent!.kind && o.name === r.parent!.name && o.parent === undefined));
  if (r.group === K8S.mqttBroker.group && r.kind === 'BrokerListener' && Array.isArray(r.spec.ports)) {
    const sibling = (kind: string, name: JsonValue | undefined) =>
      typeof name === 'string'
        ? arm.find((o) => sameScope(o) && o.group === r.group && o.kind === kind && o.name === name && o.parent?.name === r.parent?.name)
        : undefined;
    for (const port of r.spec.ports) {
      if (!isJsonObject(port)) continue;
      add(sibling('BrokerAuthentication', port.authenticationRef));
      add(sibling('BrokerAuthorization', port.authorizationRef));
    }
  }
  return out;
}

/** A symbolic name (an identifier) derived from the logical id, unique within the template. */
function symbolicName(id: string, used: Set<string>): string {
  let base = id.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (base === '' || /^[0-9]/.test(base)) base = `r_${base}`;
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  used.add(name.toLowerCase());
  return name;
}

/** A copy of a spec with every expression-like string escaped. */
function escapeTree(v: JsonValue): JsonValue {
  if (typeof v === 'string') return escapeArmString(v);
  if (Array.isArray(v)) return v.map(escapeTree);
  if (isJsonObject(v)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, escapeTree(x));
    return out;
  }
  return v;
}
