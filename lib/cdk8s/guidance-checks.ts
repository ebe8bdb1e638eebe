import { ApiObject } from 'cdk8s';
import { Construct, type IConstruct } from 'constructs';
import { resourceFromObject } from '../inputs/kubernetes-reader';
import { loadWaiversFile } from '../inputs/waivers-file';
import { toKubernetesObject } from '../model/kubernetes-object';
import type { JsonObject } from '../model/resource';
import type { Resource, Waiver } from '../model/resource';
import { checkResources, type CheckResult } from '../rules/engine';
import { findRule } from '../rules/registry';
import type { Profile } from '../rules/types';
import { plannedAzureResourcesOf, plannedResourceOf } from './render';

/** Props of `GuidanceChecks`. */
export interface GuidanceChecksProps {
  /**
   * The reading of the guidance that synth enforces.
   * @default 'production'
   */
  readonly profile?: Profile;
  /**
   * Waivers for findings across the app (each with a `target`: `Kind/name`, `namespace/Kind/name`,
   * a logical id or a construct path such as `app/plant-a/listener/Resource`; `*` globs). Opt-outs
   * on construct props become waivers by themselves.
   * @default []
   */
  readonly waivers?: readonly Waiver[];
  /**
   * A waivers file (`aio-secure.waivers.yaml`, the format `aio-secure check` reads) whose waivers
   * apply as `waivers` do, in addition to them. Read once, when `GuidanceChecks` is created; a file
   * that cannot be used throws an `AioSecureError` (code `INVALID_WAIVER`) naming each problem.
   * @default - none
   */
  readonly waiversFile?: string;
}

const CHECKS_ID = 'aio-secure-guidance-checks';

/**
 * Runs the guidance rules over every ApiObject of the app (aio-secure's and any other) when the
 * app synthesizes, and fails synth on unwaived errors. aio-secure constructs add it to the app
 * themselves; create it first to choose the profile or add waivers.
 */
export class GuidanceChecks extends Construct {
  /** The app's checks, created with defaults if the app has none yet. */
  public static of(scope: IConstruct): GuidanceChecks {
    const root = scope.node.root;
    const existing = root.node.tryFindChild(CHECKS_ID);
    if (existing instanceof GuidanceChecks) return existing;
    return new GuidanceChecks(root as Construct, {});
  }

  /** The profile in force. */
  public readonly profile: Profile;
  /** App-wide waivers. */
  public readonly waivers: readonly Waiver[];

  constructor(app: Construct, props: GuidanceChecksProps = {}) {
    if (app.node.scope !== undefined) {
      throw new Error(`GuidanceChecks belongs to the app, not to "${app.node.path}". Create it with the App as scope.`);
    }
    if (app.node.tryFindChild(CHECKS_ID)) {
      throw new Error('GuidanceChecks already exists for this app; create it once, before the aio-secure constructs.');
    }
    super(app, CHECKS_ID);
    this.profile = props.profile ?? 'production';
    this.waivers = [...(props.waivers ?? []), ...(props.waiversFile !== undefined ? loadWaiversFile(props.waiversFile) : [])];
    this.node.addValidation({ validate: () => this.validate() });
  }

  /**
   * Runs the rules over the app's objects as they would synthesize now. Returns the result, the
   * resources the rules saw, and the construct path of each resource id. All registered rules run,
   * the deployment-level ones (`Rule.deploymentLevel`) included: the app is the whole deployment,
   * Azure-only resources of aio-secure constructs included, so a control another construct of the
   * app provides is seen.
   */
  public check(): { result: CheckResult; resources: Resource[]; constructPaths: Map<string, string> } {
    const resources: Resource[] = [];
    const constructPaths = new Map<string, string>();
    for (const c of this.node.root.node.findAll()) {
      // Azure-only resources of aio-secure plans are no ApiObjects; their constructs hold them.
      const azure = plannedAzureResourcesOf(c);
      if (azure) {
        for (const r of azure) {
          resources.push(r);
          constructPaths.set(r.id, c.node.path);
        }
        continue;
      }
      if (!(c instanceof ApiObject)) continue;
      const r = resourceFromObject(synthesizedJson(c), { file: c.chart.node.path || '(chart)' });
      if ('message' in r) continue;
      resources.push(r);
      constructPaths.set(r.id, c.node.path);
    }
    const targetNames = (r: Resource) => {
      const path = constructPaths.get(r.id);
      return path ? [path] : [];
    };
    return { result: checkResources(resources, { profile: this.profile, waivers: this.waivers, targetNames }), resources, constructPaths };
  }

  private validate(): string[] {
    const { result, constructPaths } = this.check();
    const errors = result.findings
      .filter((f) => !f.waived && f.severity === 'error')
      .map((f) => {
        const rule = findRule(f.rule);
        const where = constructPaths.get(f.resource.id) ?? f.resource.id;
        return `${where}: [${f.rule}] ${f.message} Fix: ${rule?.remediation ?? ''} (${f.guidance.join(', ')})`;
      });
    for (const p of result.waiverProblems) {
      errors.push(`waiver for rule "${p.waiver.rule ?? '?'}"${p.resource ? ` on ${p.resource.kind}/${p.resource.name}` : ''} cannot be used: ${p.problem}`);
    }
    return errors;
  }
}

/**
 * The object as it will synthesize. cdk8s validates an app once per synthesized chart plus once
 * more, and a full `toJson()` of every object on each pass doubled synth time on large brokers. An
 * object rendered from a plan, with no JSON patches, synthesizes to exactly the rendered plan with
 * its current metadata, so that is used instead; anything else (foreign objects, patched objects,
 * or a cdk8s whose ApiObject no longer keeps `patches`) goes through `toJson()`.
 */
function synthesizedJson(api: ApiObject): JsonObject {
  const planned = plannedResourceOf(api);
  const patches = (api as unknown as { patches?: unknown }).patches;
  if (planned && Array.isArray(patches) && patches.length === 0) {
    return { ...toKubernetesObject(planned), metadata: api.metadata.toJson() as JsonObject };
  }
  return api.toJson() as JsonObject;
}
