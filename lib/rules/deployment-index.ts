import type { Resource } from '../model/resource';

/** Every resource of one deployment, indexed for cross-resource rules. */
export class DeploymentIndex {
  private readonly byKey = new Map<string, Resource>();
  private readonly byKind = new Map<string, Resource[]>();
  private readonly byId = new Map<string, Resource>();

  constructor(public readonly resources: readonly Resource[]) {
    for (const r of resources) {
      // Logical ids are unique within a deployment; should two collide, the first one wins, as a
      // scan of `resources` would find it.
      if (!this.byId.has(r.id)) this.byId.set(r.id, r);
      this.byKey.set(key(r.group, r.kind, r.name, r.namespace), r);
      const k = `${r.group}/${r.kind}`;
      const list = this.byKind.get(k);
      if (list) list.push(r);
      else this.byKind.set(k, [r]);
    }
  }

  /**
   * The resource of that kind and name in that namespace, if present. Manifests often leave the
   * namespace to `kubectl apply -n`, so an object without a namespace matches any namespace, and a
   * reference without one matches an object in any namespace when only one has that name.
   */
  public find(group: string, kind: string, name: string, namespace?: string): Resource | undefined {
    const exact = this.byKey.get(key(group, kind, name, namespace));
    if (exact) return exact;
    if (namespace !== undefined) return this.byKey.get(key(group, kind, name, undefined));
    const named = this.ofKind(group, kind).filter((r) => r.name === name);
    return named.length === 1 ? named[0] : undefined;
  }

  /** The resource with that logical id (`Resource.id`, what references name), if present. */
  public get(id: string): Resource | undefined {
    return this.byId.get(id);
  }

  /** All resources of a kind. */
  public ofKind(group: string, kind: string): readonly Resource[] {
    return this.byKind.get(`${group}/${kind}`) ?? [];
  }
}

function key(group: string, kind: string, name: string, namespace: string | undefined): string {
  return `${group}/${kind}/${namespace ?? ''}/${name}`;
}
