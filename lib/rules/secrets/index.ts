import type { Rule } from '../types';

/** Rules for secrets in Key Vault and OPC UA trust (AS-1, CN-6). */
export const SECRETS_RULES: readonly Rule[] = [];
