import type { Rule } from '../types';

/** Rules for dataflow endpoints, identities and tamper routes (CL-1, AS-3). */
export const DATAFLOW_RULES: readonly Rule[] = [];
