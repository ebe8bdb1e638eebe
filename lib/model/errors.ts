import type { GuidanceId } from '../guidance/catalogue';

/** Stable codes of `AioSecureError`. A code never changes meaning once released. */
export type AioSecureErrorCode =
  | 'INVALID_PROP'
  | 'MISSING_PROP'
  | 'DUPLICATE'
  | 'INSECURE_WITHOUT_OPT_OUT'
  | 'INVALID_WAIVER'
  | 'RESERVED_NAME'
  | 'UNWAIVED_FINDINGS'
  | 'UNUSABLE_INPUT';

/** What an `AioSecureError` is about. */
export interface AioSecureErrorDetails {
  /** Stable code. */
  readonly code: AioSecureErrorCode;
  /** The construct class, e.g. `SecureBroker`. */
  readonly construct?: string;
  /** The construct's id as the user gave it. */
  readonly constructId?: string;
  /** Path of the offending prop, e.g. `listeners[0].ports[1].port`. */
  readonly propPath?: string;
  /** The recommendation the check protects, where one applies. */
  readonly guidance?: GuidanceId;
}

/**
 * The one error class of aio-secure. Its message follows
 * `<Construct> "<id>": <prop.path> <problem> (got <value>). <fix>.`
 */
export class AioSecureError extends Error {
  public readonly code: AioSecureErrorCode;
  public readonly construct?: string;
  public readonly constructId?: string;
  public readonly propPath?: string;
  public readonly guidance?: GuidanceId;

  constructor(message: string, details: AioSecureErrorDetails) {
    super(message);
    this.name = 'AioSecureError';
    this.code = details.code;
    this.construct = details.construct;
    this.constructId = details.constructId;
    this.propPath = details.propPath;
    this.guidance = details.guidance;
  }
}

/** Renders a value for an error message: strings quoted, everything else as compact JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return String(value);
  }
}

/**
 * Builds errors for one construct instance so that every message names the construct and its id
 * the same way.
 */
export class PropErrors {
  constructor(private readonly construct: string, private readonly constructId: string) {}

  /** `<Construct> "<id>": <path> <problem> (got <value>). <fix>` */
  public error(
    code: AioSecureErrorCode,
    propPath: string,
    problem: string,
    value: unknown,
    fix: string,
    guidance?: GuidanceId,
  ): AioSecureError {
    const got = value === NO_VALUE ? '' : ` (got ${showValue(value)})`;
    return new AioSecureError(
      `${this.construct} "${this.constructId}": ${propPath} ${problem}${got}. ${fix}`,
      { code, construct: this.construct, constructId: this.constructId, propPath, guidance },
    );
  }
}

/** Pass as `value` to `PropErrors.error` when there is no value to show. */
export const NO_VALUE = Symbol('no value');
