/**
 * ClickHouse error codes that mean "this data can never be inserted": retrying the
 * same rows cannot help, so they go to the dead-letter queue at once. Everything
 * else (server down, connection reset, missing or detached table during a deploy,
 * too many parts, memory limits, timeouts) is assumed to pass and is retried: when
 * unsure we wait rather than drop.
 */
const NON_RETRYABLE_CODES = new Set([
  6, // CANNOT_PARSE_TEXT
  26, // CANNOT_PARSE_QUOTED_STRING
  27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  38, // CANNOT_PARSE_DATE
  41, // CANNOT_PARSE_DATETIME
  53, // TYPE_MISMATCH
  62, // SYNTAX_ERROR
  69, // ARGUMENT_OUT_OF_BOUND
  70, // CANNOT_CONVERT_TYPE
  72, // CANNOT_PARSE_NUMBER
  117, // INCORRECT_DATA
  131, // TOO_LARGE_STRING_SIZE
  321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
  1001, // STD_EXCEPTION (e.g. malformed UTF-8 in JSON)
]);

export function clickhouseErrorCode(err: unknown): number | undefined {
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && /^\d+$/.test(e.code)) return Number(e.code);
  if (typeof e?.code === 'number') return e.code;
  const m = /Code:\s*(\d+)/.exec(String(e?.message ?? ''));
  return m ? Number(m[1]) : undefined;
}

export function isRetryable(err: unknown): boolean {
  const code = clickhouseErrorCode(err);
  return code === undefined || !NON_RETRYABLE_CODES.has(code);
}

/** Exponential backoff with full jitter, capped. */
export function backoffMs(attempt: number, baseMs = 200, capMs = 5000): number {
  const max = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(max / 2 + (Math.random() * max) / 2);
}
