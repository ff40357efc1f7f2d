/** Types for tests that import the browser module from node (tests/sandbox/ehr-request-parity.test.ts). */
export declare function resourcesOf(bundle: unknown): Record<string, unknown>[];
export declare function requestFromBundle(
  bundle: unknown,
  service: { hook: string; prefetch?: Readonly<Record<string, string>> },
  options?: { hookInstance?: string; userId?: string; draftOrders?: unknown; selections?: readonly string[] },
): Record<string, unknown>;
