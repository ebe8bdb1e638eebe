/**
 * The certificate rules and EdgePki agree: whatever valid props it is given, what EdgePki plans
 * passes every rule in its own profile. A rule limit that drifts below the certificate policy's,
 * or a policy default that drifts above a rule's, fails here.
 */
import * as fc from 'fast-check';
import { checkResources, planEdgePki, resolveEdgePki } from 'aio-secure';
import { edgePkiProps } from '../../model/edge-pki-props';

test('every EdgePki plan passes every rule in its profile', () => {
  fc.assert(
    fc.property(edgePkiProps(), (props) => {
      const resources = planEdgePki(resolveEdgePki('pki', props));
      const r = checkResources(resources, { profile: props.profile ?? 'production' });
      expect(r.findings.map((f) => `${f.rule} ${f.resource.kind}/${f.resource.name}: ${f.message}`)).toEqual([]);
      // The certificate rules looked at the development root, not at nothing.
      if (props.profile === 'development') expect(resources.some((x) => x.kind === 'Certificate')).toBe(true);
    }),
    { numRuns: 150 },
  );
});
