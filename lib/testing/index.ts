/**
 * `aio-secure/testing`: jest matchers for your own tests.
 *
 * ```ts
 * import { aioSecureMatchers } from 'aio-secure/testing';
 * expect.extend(aioSecureMatchers); // once, e.g. in a setupFilesAfterEnv file
 *
 * expect(Testing.app()).toHaveNoFindings();
 * expect(yamlText).toHaveFinding('listener-requires-tls', { resource: 'BrokerListener/open' });
 * ```
 *
 * The declarations below add the matchers to jest's `expect` types (`@types/jest`); the package
 * itself has no dependency on jest.
 */
import type { HaveFindingOptions, NoFindingsOptions } from './matchers';

export * from './matchers';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /**
       * Passes when the rules find nothing unwaived in a cdk8s App or Chart, YAML or JSON text,
       * Kubernetes objects or aio-secure Resources (at `options.severity` or above).
       */
      toHaveNoFindings(options?: NoFindingsOptions): R;
      /** Passes when rule `rule` reports a finding matching every option given. */
      toHaveFinding(rule: string, options?: HaveFindingOptions): R;
    }
  }
}
