/**
 * What JSON.stringify makes of a server value: dates become ISO strings, the rest keeps
 * its shape. The API's conformance check (apps/api/src/response-contracts.check.ts)
 * holds the server's return types, seen through Wire, against the contracts here.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;
