import { parseImageReference, WORKLOAD_KINDS, workloadContainers } from '../../model/signed-image-policy';
import { defineRule, outcome, type RuleFinding } from '../types';

/** ED-2: in production every container image is pinned by digest, not by a tag that can move. */
export const imagePinnedByDigest = defineRule({
  name: 'image-pinned-by-digest',
  guidance: ['ED-2'],
  description: 'Every container image of a workload is pinned by digest (`@sha256:...`) in production.',
  rationale:
    'A tag is a name the registry can point at other content at any time: whoever can push to the repository (or a compromised ' +
    'pipeline) changes what runs on the next pull, and a signature check then vouches for whatever the tag names now, including an ' +
    'older, validly signed image with known vulnerabilities. A digest names exactly one image, so what was reviewed, scanned and ' +
    'verified is what runs.',
  remediation:
    'Reference each image as `<repository>@sha256:<digest>` (a tag may stay in front of the digest for readability). ' +
    'SignedImagePolicy with profile "production" also makes Kyverno replace tags by the verified digest at admission ' +
    '(mutateDigest) and require a digest (verifyDigest), but the manifests in Git should already carry it.',
  severity: { development: 'off', production: 'error' },
  waivable: true,
  appliesTo: WORKLOAD_KINDS,
  messages: {
    mutableTag: 'Container {container} of {kind} {name} uses image {image} by tag "{tag}", which can be moved to other content.',
    implicitLatest: 'Container {container} of {kind} {name} uses image {image} without tag or digest, which means the moving tag "latest".',
  },
  check(workload) {
    const findings: RuleFinding<'mutableTag' | 'implicitLatest'>[] = [];
    for (const c of workloadContainers(workload)) {
      const ref = parseImageReference(c.image);
      if (!ref) throw new Error(`${c.path.slice(1).replace(/\//g, '.')} ${JSON.stringify(c.image)} is not an image reference`);
      if (ref.digest) continue;
      const data = { container: c.name, kind: workload.kind, name: workload.name, image: c.image };
      findings.push(ref.tag
        ? { messageId: 'mutableTag', data: { ...data, tag: ref.tag }, path: c.path }
        : { messageId: 'implicitLatest', data, path: c.path });
    }
    return outcome(findings);
  },
});
