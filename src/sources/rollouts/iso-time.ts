const ISO_UTC_OR_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Epoch ms of an ISO-8601 stamp with a zone (`…:03.123Z`, any number of fractional digits), else null.
 * The shape is checked first because `Date.parse` also accepts strings such as `"1"`.
 */
export function parseIsoMs(value: unknown): number | null {
  if (typeof value !== 'string' || !ISO_UTC_OR_OFFSET.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
