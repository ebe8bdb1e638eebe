import type { Rule } from '../types';

/** Rules for runtime updates, image signatures, observability, Azure RBAC, Defender and attested controls (ED-1, ED-2, CL-2, CL-3, OV-1, AS-4..AS-6). */
export const RUNTIME_RULES: readonly Rule[] = [];
