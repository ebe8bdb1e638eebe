import { createHash } from 'node:crypto';
import { CATALOGUE } from '../guidance/catalogue';
import { guidanceCoverage } from '../guidance/coverage';
import { SKIP_REASONS } from '../inputs/kubernetes-reader';
import type { CheckResult, Finding } from '../rules/engine';
import { findRule } from '../rules/registry';
import { SEVERITIES } from '../rules/types';
import { escapeHtml as h } from './escape';
import type { AccessMatrixDiagram, AttestationRow, ReportExtras, ZoneDiagram } from './extras';
import { guidanceSections } from './markdown';
import { findingStatus, resourceLabel, sourceLabel, tallyByRule, tallyBySeverity } from './tally';
import { skippedCount, verdictOf, type InputSummary } from './verdict';

/**
 * The HTML report: one self-contained file for a security review. It makes no requests (inline
 * CSS allowed by its hash in a Content-Security-Policy that forbids everything else, inline SVG,
 * no script), so it can be mailed or archived as it is. It shows the verdict, the summary (per
 * severity and per rule), the diagrams given in `extras.diagrams` (zones and conduits as an SVG
 * graph; the MQTT access matrix as a heat map), the findings by guidance section and ID, waivers,
 * input problems, attested controls and the guidance coverage. Everything that comes from the
 * input is escaped.
 */
export function renderHtml(result: CheckResult, input: InputSummary, extras: ReportExtras = {}): string {
  const verdict = verdictOf(result, input);
  const s = result.summary;
  const body: string[] = [];

  body.push('<header>', '<h1>aio-secure report</h1>');
  body.push(`<p><span class="verdict v-${verdict}" id="verdict">${verdict.toUpperCase()}</span> profile <b>${s.profile}</b> · generated ${h((extras.now ?? new Date()).toISOString())}${extras.toolVersion ? ` · aio-secure ${h(extras.toolVersion)}` : ''}</p>`);
  if (verdict === 'unusable') body.push(`<p class="warn">${input.problems.length} input problem(s): the input was not fully checked.</p>`);
  const nav: [string, string][] = [['summary', 'Summary']];
  if (extras.diagrams?.zones || extras.diagrams?.mqttAccess) nav.push(['diagrams', 'Diagrams']);
  nav.push(['findings', 'Findings'], ['waivers', 'Waivers'], ['inputs', 'Inputs']);
  if (extras.attestations?.length) nav.push(['attestations', 'Attested controls']);
  nav.push(['coverage', 'Coverage']);
  body.push(`<nav>${nav.map(([id, label]) => `<a href="#${id}">${label}</a>`).join(' ')}</nav>`, '</header>', '<main>');

  body.push(summarySection(result, input));
  if (extras.diagrams?.zones || extras.diagrams?.mqttAccess) {
    body.push('<section id="diagrams"><h2>Diagrams</h2>');
    if (extras.diagrams.zones) body.push('<h3>Zones and conduits</h3>', zoneSvg(extras.diagrams.zones));
    if (extras.diagrams.mqttAccess) body.push('<h3>MQTT access matrix</h3>', accessMatrix(extras.diagrams.mqttAccess));
    body.push('</section>');
  }
  body.push(findingsSection(result.findings));
  body.push(waiversSection(result));
  body.push(inputsSection(input));
  if (extras.attestations?.length) body.push(attestationsSection(extras.attestations));
  body.push(coverageSection(result.findings));
  body.push('</main>');

  const css = STYLE;
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  const csp = `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>aio-secure report: ${verdict.toUpperCase()}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function summarySection(result: CheckResult, input: InputSummary): string {
  const s = result.summary;
  const t = tallyBySeverity(result.findings);
  const out = ['<section id="summary"><h2>Summary</h2>', '<table class="counts"><thead><tr><th>Findings</th>'];
  out.push(...SEVERITIES.map((sev) => `<th>${sev}</th>`), '<th>total</th></tr></thead><tbody>');
  for (const [key, label] of [['total', 'all'], ['unwaived', 'unwaived'], ['waived', 'waived'], ['unknown', 'undecided']] as const) {
    const counts = t[key];
    const sum = SEVERITIES.reduce((n, sev) => n + counts[sev], 0);
    out.push(`<tr><th>${label}</th>${SEVERITIES.map((sev) => `<td data-count="${key}-${sev}">${counts[sev]}</td>`).join('')}<td data-count="${key}">${sum}</td></tr>`);
  }
  out.push('</tbody></table>');
  out.push(`<p>${input.files} file(s), ${input.objects} object(s), ${s.checked} checked by ${s.rules} rules; ` +
    `<span data-count="skipped">${skippedCount(input)}</span> document(s) skipped; <span data-count="input-problems">${input.problems.length}</span> input problem(s); ` +
    `<span data-count="unused-waivers">${s.unusedWaivers}</span> unused waiver(s); <span data-count="waiver-problems">${s.waiverProblems}</span> waiver(s) that could not be used.</p>`);
  const byRule = tallyByRule(result.findings);
  if (byRule.length) {
    out.push('<h3>Findings by rule</h3><table class="by-rule"><thead><tr><th>Rule</th><th>Guidance</th><th>Findings</th><th>Waived</th><th>Undecided</th></tr></thead><tbody>');
    for (const r of byRule) {
      const guidance = result.findings.find((f) => f.rule === r.rule)!.guidance.join(', ');
      out.push(`<tr data-rule="${h(r.rule)}"><td>${h(r.rule)}</td><td>${h(guidance)}</td><td data-count="findings">${r.findings}</td><td data-count="waived">${r.waived}</td><td data-count="unknown">${r.unknown}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  out.push('</section>');
  return out.join('\n');
}

function findingsSection(findings: readonly Finding[]): string {
  const out = ['<section id="findings"><h2>Findings by guidance section</h2>'];
  for (const section of guidanceSections()) {
    out.push(`<h3>${section}</h3>`);
    let any = false;
    for (const entry of CATALOGUE.filter((e) => e.section === section)) {
      const list = findings.filter((f) => f.guidance.includes(entry.id));
      if (!list.length) continue;
      any = true;
      out.push(`<h4 id="g-${entry.id}">${entry.id} ${h(entry.title)} <a class="learn" href="${h(entry.url)}" rel="noopener noreferrer">guidance</a></h4>`);
      out.push('<table class="findings"><thead><tr><th>Status</th><th>Severity</th><th>Rule</th><th>Resource</th><th>Source</th><th>Message</th></tr></thead><tbody>');
      for (const f of list) {
        const status = findingStatus(f);
        const where = sourceLabel(f);
        const fix = status === 'open' || status === 'expired' ? findRule(f.rule)?.remediation : undefined;
        const waiver = f.waiver ? `<div class="waiver">${f.waived ? 'Waived' : 'Waiver expired'}: ${h(f.waiver.reason)} (${h(f.waiver.owner)}, until ${h(f.waiver.expires)})</div>` : '';
        out.push(
          `<tr class="s-${status}"><td><span class="badge b-${status}">${status}</span></td><td class="sev-${f.severity}">${f.severity}</td><td>${h(f.rule)}</td>` +
          `<td>${h(resourceLabel(f))}${f.path ? `<div class="path">${h(f.path)}</div>` : ''}</td><td>${where ? h(where) : ''}</td>` +
          `<td>${h(f.message)}${fix ? `<div class="fix">Fix: ${h(fix)}</div>` : ''}${waiver}</td></tr>`,
        );
      }
      out.push('</tbody></table>');
    }
    if (!any) out.push('<p class="none">No findings.</p>');
  }
  out.push('</section>');
  return out.join('\n');
}

function waiversSection(result: CheckResult): string {
  const out = ['<section id="waivers"><h2>Waivers</h2>'];
  const waived = result.findings.filter((f) => f.waiver);
  if (waived.length) {
    out.push('<table><thead><tr><th>Status</th><th>Rule</th><th>Resource</th><th>Reason</th><th>Owner</th><th>Expires</th></tr></thead><tbody>');
    for (const f of waived) {
      out.push(`<tr><td>${f.waived ? 'waived' : 'expired'}</td><td>${h(f.rule)}</td><td>${h(resourceLabel(f))}</td><td>${h(f.waiver!.reason)}</td><td>${h(f.waiver!.owner)}</td><td>${h(f.waiver!.expires)}</td></tr>`);
    }
    out.push('</tbody></table>');
  } else {
    out.push('<p class="none">No finding is waived.</p>');
  }
  if (result.unusedWaivers.length) {
    out.push('<h3>Unused waivers</h3><table><thead><tr><th>Rule</th><th>Target</th><th>Reason</th><th>Owner</th><th>Expires</th></tr></thead><tbody>');
    for (const w of result.unusedWaivers) {
      out.push(`<tr><td>${h(w.rule)}</td><td>${h(w.target ?? '(its resource)')}</td><td>${h(w.reason)}</td><td>${h(w.owner)}</td><td>${h(w.expires)}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  if (result.waiverProblems.length) {
    out.push('<h3>Waivers that could not be used</h3><table><thead><tr><th>Rule</th><th>Resource</th><th>Problem</th></tr></thead><tbody>');
    for (const p of result.waiverProblems) {
      out.push(`<tr><td>${h(String(p.waiver.rule ?? ''))}</td><td>${p.resource ? h(`${p.resource.kind}/${p.resource.name}`) : ''}</td><td>${h(p.problem)}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  out.push('</section>');
  return out.join('\n');
}

function inputsSection(input: InputSummary): string {
  const out = ['<section id="inputs"><h2>Inputs</h2>'];
  out.push(`<p>${input.files} file(s), ${input.objects} object(s).</p>`);
  if (input.problems.length) {
    out.push('<h3>Input problems</h3><p class="warn">These inputs could not be read and were not checked.</p><table><thead><tr><th>File</th><th>Line</th><th>Problem</th></tr></thead><tbody>');
    for (const p of input.problems) out.push(`<tr><td>${h(p.file)}</td><td>${p.line ?? ''}</td><td>${h(p.message)}</td></tr>`);
    out.push('</tbody></table>');
  }
  const notes = input.notes ?? [];
  if (notes.length) {
    out.push('<h3>Notes</h3><table><thead><tr><th>File</th><th>Line</th><th>Note</th></tr></thead><tbody>');
    for (const n of notes) out.push(`<tr><td>${h(n.file)}</td><td>${n.line ?? ''}</td><td>${h(n.message)}</td></tr>`);
    out.push('</tbody></table>');
  }
  const skipped = input.skipped ?? [];
  if (skipped.length) {
    out.push('<h3>Skipped documents</h3><table><thead><tr><th>File</th><th>Line</th><th>Documents</th><th>Why</th></tr></thead><tbody>');
    for (const k of skipped) out.push(`<tr><td>${h(k.file)}</td><td>${k.line ?? ''}</td><td>${k.count}</td><td>${h(SKIP_REASONS[k.reason])}</td></tr>`);
    out.push('</tbody></table>');
  }
  out.push('</section>');
  return out.join('\n');
}

function attestationsSection(rows: readonly AttestationRow[]): string {
  const out = ['<section id="attestations"><h2>Attested controls</h2>'];
  out.push('<p>Physical and process controls that no manifest can show, as recorded.</p>');
  out.push('<table><thead><tr><th>Guidance</th><th>Control</th><th>Status</th><th>Attested by</th><th>Date</th><th>Expires</th><th>Evidence</th></tr></thead><tbody>');
  for (const a of rows) {
    const evidence = a.evidence === undefined ? '' : isWebUrl(a.evidence) ? `<a href="${h(a.evidence)}" rel="noopener noreferrer">${h(a.evidence)}</a>` : h(a.evidence);
    out.push(`<tr><td>${h(a.guidance)}</td><td>${h(a.title)}</td><td><span class="badge a-${a.status}">${a.status}</span></td><td>${h(a.attestedBy ?? '')}</td><td>${h(a.attestedOn ?? '')}</td><td>${h(a.expires ?? '')}</td><td>${evidence}</td></tr>`);
  }
  out.push('</tbody></table></section>');
  return out.join('\n');
}

function coverageSection(findings: readonly Finding[]): string {
  const out = ['<section id="coverage"><h2>Guidance coverage</h2>'];
  out.push('<table><thead><tr><th>ID</th><th>Recommendation</th><th>Form</th><th>Coverage</th><th>Rules</th><th>Constructs</th><th>Findings</th></tr></thead><tbody>');
  for (const row of guidanceCoverage()) {
    const n = findings.filter((f) => f.guidance.includes(row.entry.id)).length;
    out.push(`<tr><td>${row.entry.id}</td><td>${h(row.entry.title)}</td><td>${row.entry.form}</td><td><span class="badge c-${row.status}">${row.status}</span></td>` +
      `<td>${row.rules.map(h).join(', ')}</td><td>${row.constructs.map(h).join(', ')}</td><td>${n}</td></tr>`);
  }
  out.push('</tbody></table></section>');
  return out.join('\n');
}

/** Box size and spacing of the zone graph, in SVG units. */
const NODE = { w: 190, h: 40, gap: 34, top: 60, labelRoom: 120, between: 260 };

/** How far the j-th curve between zones of one column bulges out of the column. */
const bulge = (j: number) => 50 + 40 * j;

/**
 * Zones and conduits as an SVG graph: zones inside the cluster in the left column (within a box
 * standing for the cluster), external zones in the right; a conduit is an arrow labelled with its
 * ports, red and dashed when nobody declared it. Conduits within one column (and a zone's traffic
 * to itself) are curves on the column's outer side, each bulging further than the last so that
 * their labels do not collide. Throws when a conduit names a zone that is not in the diagram (the
 * data, not the input, is wrong).
 */
export function zoneSvg(d: ZoneDiagram): string {
  const byId = new Map(d.zones.map((z) => [z.id, z]));
  for (const c of d.conduits) {
    for (const end of [c.from, c.to]) {
      if (!byId.has(end)) throw new Error(`Zone diagram: conduit ${c.from} -> ${c.to} names zone "${end}", which is not among its zones (${d.zones.map((z) => z.id).join(', ')}).`);
    }
  }
  const column = (id: string) => (byId.get(id)!.kind === 'in-cluster' ? 'l' : 'r');
  const inCluster = d.zones.filter((z) => z.kind === 'in-cluster');
  const external = d.zones.filter((z) => z.kind === 'external');
  const loops = { l: 0, r: 0 };
  for (const c of d.conduits) if (column(c.from) === column(c.to)) loops[column(c.from)]++;
  const reach = (n: number) => (n ? bulge(n - 1) * 0.75 : 0);

  const rows = Math.max(inCluster.length, external.length, 1);
  const leftX = 20 + NODE.labelRoom + reach(loops.l);
  const rightX = leftX + NODE.w + NODE.between;
  const width = rightX + NODE.w + (loops.r ? reach(loops.r) + NODE.labelRoom : 40);
  const height = NODE.top + rows * (NODE.h + NODE.gap) + 20;
  const pos = new Map<string, { x: number; y: number; col: 'l' | 'r' }>();
  inCluster.forEach((z, i) => pos.set(z.id, { x: leftX, y: NODE.top + i * (NODE.h + NODE.gap), col: 'l' }));
  external.forEach((z, i) => pos.set(z.id, { x: rightX, y: NODE.top + i * (NODE.h + NODE.gap), col: 'r' }));

  const out = [`<svg class="zones" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Zones and conduits">`];
  out.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker>' +
    '<marker id="arrow-bad" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead-bad"/></marker></defs>');
  out.push(`<rect class="cluster" x="10" y="${NODE.top - 40}" width="${leftX + NODE.w + 30 - 10}" height="${rows * (NODE.h + NODE.gap) + 24}" rx="12"/>`);
  out.push(`<text class="cluster-label" x="22" y="${NODE.top - 22}">cluster</text>`);
  out.push(`<text class="cluster-label" x="${rightX}" y="${NODE.top - 22}">outside the cluster</text>`);

  const seen = { l: 0, r: 0 };
  const pairCount = new Map<string, number>();
  for (const c of d.conduits) {
    const a = pos.get(c.from)!;
    const b = pos.get(c.to)!;
    const declared = c.declared ?? true;
    const ports = c.ports.length ? c.ports.join(', ') : 'any port';
    let path: string;
    let label: string;
    if (a.col === b.col) {
      const side = a.col === 'l' ? -1 : 1;
      const x = a.col === 'l' ? a.x : a.x + NODE.w;
      const dx = side * bulge(seen[a.col]++);
      // A zone's traffic to itself leaves and re-enters the same box.
      const [y1, y2] = c.from === c.to ? [a.y + 8, a.y + NODE.h - 8] : [a.y + NODE.h / 2, b.y + NODE.h / 2];
      path = `M${x},${y1} C${x + dx},${y1} ${x + dx},${y2} ${x},${y2}`;
      // The label sits on the curve near its start (t = 0.3, or the apex for a loop), so that labels of
      // curves spanning the same rows do not land on one another.
      const t = c.from === c.to ? 0.5 : 0.3;
      const lx = x + dx * 3 * t * (1 - t) + side * 4;
      const ly = y1 + (y2 - y1) * (3 * t * t * (1 - t) + t * t * t) + 4;
      label = `<text x="${lx.toFixed(1)}" y="${ly.toFixed(1)}" text-anchor="${side < 0 ? 'end' : 'start'}">`;
    } else {
      const key = [c.from, c.to].sort().join('\u0000');
      const k = pairCount.get(key) ?? 0;
      pairCount.set(key, k + 1);
      const x1 = a.col === 'l' ? a.x + NODE.w : a.x;
      const x2 = b.col === 'l' ? b.x + NODE.w : b.x;
      const off = k * 8;
      path = `M${x1},${a.y + NODE.h / 2 + off} L${x2},${b.y + NODE.h / 2 + off}`;
      label = `<text x="${((x1 + x2) / 2).toFixed(1)}" y="${((a.y + b.y) / 2 + NODE.h / 2 - 6 + k * 14).toFixed(1)}" text-anchor="middle">`;
    }
    const title = `${byId.get(c.from)!.label ?? c.from} -> ${byId.get(c.to)!.label ?? c.to}: ${ports}${declared ? '' : ' (not declared)'}`;
    out.push(`<g class="conduit${declared ? '' : ' undeclared'}"><title>${h(title)}</title><path d="${path}" marker-end="url(#${declared ? 'arrow' : 'arrow-bad'})"/>` +
      `${label}${h(truncate(ports, 28))}</text></g>`);
  }
  for (const z of d.zones) {
    const p = pos.get(z.id)!;
    const label = z.label ?? z.id;
    out.push(`<g class="zone ${z.kind}"><title>${h(label)} (${z.kind})</title><rect x="${p.x}" y="${p.y}" width="${NODE.w}" height="${NODE.h}" rx="6"/>` +
      `<text x="${p.x + NODE.w / 2}" y="${p.y + NODE.h / 2 + 5}" text-anchor="middle">${h(truncate(label, 26))}</text></g>`);
  }
  out.push('</svg>');
  out.push('<p class="legend"><span class="key k-in"></span> zone in the cluster <span class="key k-ext"></span> external zone <span class="key k-bad"></span> conduit nobody declared</p>');
  return out.join('\n');
}

/**
 * The MQTT access matrix as a table whose cells are coloured by what is allowed: publish,
 * subscribe, both, nothing, or undecided. Throws when a row has a different number of cells than
 * there are topics.
 */
export function accessMatrix(m: AccessMatrixDiagram): string {
  for (const r of m.rows) {
    if (r.cells.length !== m.topics.length) {
      throw new Error(`MQTT access matrix: row "${r.principal}" has ${r.cells.length} cell(s) for ${m.topics.length} topic(s).`);
    }
  }
  const out = ['<table class="matrix" aria-label="MQTT access matrix"><thead><tr><th>Principal \\ topic</th>'];
  out.push(...m.topics.map((t) => `<th class="topic">${h(t)}</th>`), '</tr></thead><tbody>');
  for (const r of m.rows) {
    const cells = r.cells.map((c) => {
      if (c === null) return '<td class="m-unknown" title="undecided">?</td>';
      const pub = c.includes('publish');
      const sub = c.includes('subscribe');
      const cls = pub && sub ? 'm-both' : pub ? 'm-pub' : sub ? 'm-sub' : 'm-none';
      const text = pub && sub ? 'pub sub' : pub ? 'pub' : sub ? 'sub' : '–';
      return `<td class="${cls}">${text}</td>`;
    });
    out.push(`<tr><th>${h(r.principal)}</th>${cells.join('')}</tr>`);
  }
  out.push('</tbody></table>');
  out.push('<p class="legend"><span class="key m-pub"></span> publish <span class="key m-sub"></span> subscribe <span class="key m-both"></span> both <span class="key m-none"></span> neither <span class="key m-unknown"></span> undecided</p>');
  return out.join('\n');
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function isWebUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;margin:0;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:16px 24px}header h1{margin:0 0 6px;font-size:22px}
nav a{color:#9cc3ff;margin-right:14px}main{padding:8px 24px 40px;max-width:1400px}
section{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:4px 18px 16px;margin:18px 0}
h2{font-size:18px}h3{font-size:15px;margin-top:18px}h4{font-size:14px;margin:14px 0 6px}
table{border-collapse:collapse;margin:6px 0;width:100%}th,td{border:1px solid #dde1e8;padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:#eef1f5}table.counts,table.by-rule{width:auto}table.counts td{text-align:right;min-width:48px}
.verdict{font-weight:700;padding:2px 10px;border-radius:4px;margin-right:8px}.v-pass{background:#1e7d3a}.v-fail{background:#b42318}.v-unusable{background:#8a4b00}
.warn{color:#8a4b00;font-weight:600}.none{color:#5b6475}
.badge{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;font-weight:600}
.b-open,.b-expired{background:#fde2e0;color:#8c1d13}.b-waived{background:#e6e8ec;color:#3b4250}.b-unknown{background:#fff1cc;color:#6b4a00}
.a-attested,.c-enforced{background:#dcf3e2;color:#14532d}.a-expired,.c-partial{background:#fff1cc;color:#6b4a00}.a-missing,.c-planned{background:#fde2e0;color:#8c1d13}
.sev-error{color:#b42318;font-weight:600}.sev-warning{color:#8a4b00}.sev-info{color:#175cd3}
.path{font-family:ui-monospace,monospace;font-size:12px;color:#5b6475}.fix{margin-top:4px;color:#14532d}.waiver{margin-top:4px;color:#3b4250;font-style:italic}
.learn{font-weight:400;font-size:12px}
svg.zones{display:block;max-width:100%;height:auto;background:#fbfcfd;border:1px solid #dde1e8;border-radius:6px}
svg .cluster{fill:#eef4ff;stroke:#7a9cc6;stroke-dasharray:6 4}svg .cluster-label{font-size:12px;fill:#4a5a70}
svg .zone rect{stroke-width:1.5}svg .zone.in-cluster rect{fill:#dbe8ff;stroke:#2f5fa7}svg .zone.external rect{fill:#f3e8ff;stroke:#7a3fb0}
svg .zone text{font-size:13px;fill:#1d2330}
svg .conduit path{fill:none;stroke:#3b4250;stroke-width:1.6}svg .conduit text{font-size:11px;fill:#3b4250;paint-order:stroke;stroke:#fbfcfd;stroke-width:3px}
svg .conduit.undeclared path{stroke:#b42318;stroke-dasharray:5 3}svg .conduit.undeclared text{fill:#b42318}
svg .arrowhead{fill:#3b4250}svg .arrowhead-bad{fill:#b42318}
table.matrix{width:auto}table.matrix td{text-align:center;min-width:64px;font-size:12px}table.matrix th.topic{font-family:ui-monospace,monospace;font-size:12px}
.m-pub{background:#fde68a}.m-sub{background:#bfdbfe}.m-both{background:#fca5a5}.m-none{background:#f3f4f6;color:#9ca3af}.m-unknown{background:#e9d5ff}
.legend{font-size:12px;color:#5b6475}.key{display:inline-block;width:12px;height:12px;border:1px solid #9ca3af;vertical-align:middle;margin:0 4px 0 10px}
.k-in{background:#dbe8ff}.k-ext{background:#f3e8ff}.k-bad{background:#b42318}
`.trim();
