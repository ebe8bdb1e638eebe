import type { Rule } from '../types';

/** Rules for network segmentation (CN-7). */
export const NETWORK_RULES: readonly Rule[] = [];
