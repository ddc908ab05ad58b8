/** `+00:00:05.2`: time since the first timed event, to a tenth of a second; `—` for untimed events. */
export function relativeTime(ts: number | null, origin: number | null): string {
  if (ts === null || origin === null) return '—';
  const tenths = Math.round((ts - origin) / 100);
  const sign = tenths < 0 ? '-' : '+';
  const abs = Math.abs(tenths);
  const hours = Math.floor(abs / 36_000);
  const minutes = Math.floor((abs % 36_000) / 600);
  const seconds = Math.floor((abs % 600) / 10);
  return `${sign}${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${abs % 10}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
