import { DateTime, Duration } from 'luxon';
import { UsageError } from './errors.js';

const RELATIVE = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/;
const UNITS = { ms: 'milliseconds', s: 'seconds', m: 'minutes', h: 'hours', d: 'days', w: 'weeks' } as const;

/**
 * `--since`/`--until` values: an ISO-8601 date or date-time (local time when it names no zone), or a span back from
 * `now` such as `90m`, `36h`, `2d`, `1w`. Returns epoch ms.
 */
export function parseTimeBound(option: string, text: string, now: number): number {
  const trimmed = text.trim();
  const relative = RELATIVE.exec(trimmed);
  if (relative) {
    const unit = UNITS[relative[2] as keyof typeof UNITS];
    return now - Duration.fromObject({ [unit]: Number(relative[1]) }).toMillis();
  }
  const parsed = DateTime.fromISO(trimmed, { setZone: true });
  if (!parsed.isValid) {
    throw new UsageError(`--${option} ${JSON.stringify(text)}: expected an ISO date-time (2026-05-03T14:00Z) or a span like 2d, 12h, 30m`);
  }
  return parsed.toMillis();
}
