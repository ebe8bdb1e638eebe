import type { AttestationRow } from '../model/attested-controls';

/**
 * Data the reports show besides the findings. Every part is plain data: the analyses (network
 * reachability, MQTT access) and the attestation records produce it, the reports only draw it.
 */
export interface ReportExtras {
  /**
   * Colour the text report with ANSI escapes (the CLI asks for it only on a TTY).
   * @default false
   */
  readonly color?: boolean;
  /**
   * The moment the report is about: SARIF's invocation end time, the "generated" line of the
   * Markdown and HTML reports and the JUnit timestamp.
   * @default - now
   */
  readonly now?: Date;
  /**
   * The version of aio-secure that produced the report (SARIF `tool.driver.version`, shown in
   * the Markdown and HTML reports).
   * @default - not stated
   */
  readonly toolVersion?: string;
  /**
   * Diagrams for the HTML report; each is drawn only when given.
   * @default - none
   */
  readonly diagrams?: {
    /** Zones and the conduits between them (the network reachability analysis). */
    readonly zones?: ZoneDiagram;
    /** Who may publish or subscribe to which topics (the MQTT access analysis). */
    readonly mqttAccess?: AccessMatrixDiagram;
  };
  /**
   * Physical and process controls (the `attested` recommendations) and their records, for the
   * Markdown and HTML reports.
   * @default - none
   */
  readonly attestations?: readonly AttestationRow[];
}

/** A network zone: a set of workloads in the cluster, or something outside it. */
export interface ZoneDiagramNode {
  /** Unique within the diagram; conduits refer to it. */
  readonly id: string;
  /**
   * What the diagram shows.
   * @default - the id
   */
  readonly label?: string;
  /** Inside the cluster (a namespace, a set of pods) or outside it (the enterprise network, the cloud). */
  readonly kind: 'in-cluster' | 'external';
}

/** A conduit: traffic allowed from one zone to another. */
export interface ZoneDiagramConduit {
  /** Zone id the traffic comes from. */
  readonly from: string;
  /** Zone id the traffic goes to. */
  readonly to: string;
  /** Ports (or `port/protocol` strings) allowed; empty means any port. */
  readonly ports: readonly (number | string)[];
  /**
   * Whether the deployment declared this conduit. An undeclared one (reachability the analysis
   * found but nobody asked for) is drawn in the warning colour.
   * @default true
   */
  readonly declared?: boolean;
}

/** Zones and conduits, as the reachability analysis found them. */
export interface ZoneDiagram {
  readonly zones: readonly ZoneDiagramNode[];
  readonly conduits: readonly ZoneDiagramConduit[];
}

/** What a principal may do on a topic. */
export type AccessMethod = 'publish' | 'subscribe';

/**
 * The MQTT access matrix: rows are principals, columns topics. Each cell lists the methods
 * allowed, or is `null` when the analysis could not decide (e.g. the authorization policy is not
 * in the input).
 */
export interface AccessMatrixDiagram {
  /** Column headings: topics or topic filters. */
  readonly topics: readonly string[];
  /** One row per principal; `cells` has one entry per topic, in the order of `topics`. */
  readonly rows: readonly AccessMatrixDiagramRow[];
}

/** One principal's row of the access matrix. */
export interface AccessMatrixDiagramRow {
  /** How the report names the principal, e.g. `clientId sensor-1` or `username ops`. */
  readonly principal: string;
  readonly cells: readonly (readonly AccessMethod[] | null)[];
}

/**
 * One attested control (a recommendation no manifest can show) and its record, as
 * `attestationStatus` (lib/model/attested-controls.ts) computes it from a deployment.
 */
export type { AttestationRow } from '../model/attested-controls';
