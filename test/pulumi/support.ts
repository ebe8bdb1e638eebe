import * as pulumi from '@pulumi/pulumi';
import { getMonitor } from '@pulumi/pulumi/runtime/settings';

/** One resource registration as the engine would receive it, recorded from the mock monitor. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  /** The inputs, as the mocks' `newResource` received them. */
  readonly inputs: Record<string, unknown>;
  /** URN of the parent (empty for none). */
  readonly parent: string;
  /** URNs the resource depends on. */
  readonly dependencies: readonly string[];
  /** Provider reference (`<urn>::<id>`), empty for the default provider. */
  readonly provider: string;
  /** The provider plugin version requested. */
  readonly version: string;
  /** The types this resource is aliased to. */
  readonly aliasTypes: readonly string[];
  /** The URN the monitor gave it. */
  urn?: string;
}

/** What a test sees of a mocked Pulumi run. */
export interface MockRun {
  readonly registrations: Registration[];
  /** The outputs a component registered, by URN. */
  readonly outputs: Map<string, Record<string, unknown>>;
}

/**
 * Installs Pulumi mocks that record every registration (with its parent, dependencies, provider and
 * aliases, which `newResource` does not show) and reject every provider call: nothing here should
 * call a function. Returns the records, cleared by `reset()`.
 */
export function installMocks(project = 'project', stack = 'test'): MockRun & { reset(): void } {
  const registrations: Registration[] = [];
  const outputs = new Map<string, Record<string, unknown>>();
  const pending = new Map<string, Registration>();
  void pulumi.runtime.setMocks({
    newResource(args: pulumi.runtime.MockResourceArgs) {
      const r = pending.get(`${args.type}::${args.name}`);
      if (r) (r as { inputs: Record<string, unknown> }).inputs = args.inputs;
      return { id: args.custom ? `${args.name}-id` : '', state: args.inputs };
    },
    call(args: pulumi.runtime.MockCallArgs) {
      throw new Error(`unexpected provider call ${args.token} (${JSON.stringify(args.inputs)})`);
    },
  }, project, stack, false);

  // newResource sees neither parent nor dependencies: record them from the request itself.
  type Request = {
    getType(): string; getName(): string; getCustom(): boolean; getParent(): string; getDependenciesList(): string[];
    getProvider(): string; getVersion(): string; getAliasesList(): { getSpec(): { getType(): string } | undefined }[];
    getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
  };
  type Callback = (err: unknown, res?: { getUrn(): string }) => void;
  const monitor = getMonitor() as unknown as {
    registerResource(req: Request, cb: Callback): Promise<void>;
    registerResourceOutputs(req: Request, cb: Callback): void;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const r: Registration = {
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      inputs: {},
      parent: req.getParent(),
      dependencies: req.getDependenciesList(),
      provider: req.getProvider(),
      version: req.getVersion(),
      aliasTypes: req.getAliasesList().map((a) => a.getSpec()?.getType() ?? ''),
    };
    registrations.push(r);
    pending.set(`${r.type}::${r.name}`, r);
    return register(req, (err, res) => {
      if (res) r.urn = res.getUrn();
      cb(err, res);
    });
  };
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, cb) => {
    outputs.set(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
    registerOutputs(req, cb);
  };
  return {
    registrations,
    outputs,
    reset() {
      registrations.length = 0;
      outputs.clear();
      pending.clear();
    },
  };
}

/** The value of an output once the mocked engine has resolved it. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => {
    resolve(v);
    return v;
  }));
}

/** Waits until every registration and output registration so far has been answered. */
export async function settled(resources: readonly pulumi.Resource[]): Promise<void> {
  await Promise.all(resources.map((r) => valueOf(r.urn)));
  // registerOutputs runs after the constructor; let its RPC finish too.
  await new Promise((resolve) => setImmediate(resolve));
}
