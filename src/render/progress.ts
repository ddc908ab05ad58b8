/** How far the log pass has got, as the reader reports it after each file. */
export interface LogProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface ProgressDisplay {
  update(p: LogProgress): void;
  done(): void;
}

/** Quiet runs stay quiet: a display appears only on a terminal, and only once a run has lasted this long. */
const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 100;

/** Progress on stderr for long runs on a terminal; `enabled` is false for pipes, files and --json. */
export function progressDisplay(stream: NodeJS.WriteStream, enabled: boolean, now: () => number = Date.now): ProgressDisplay {
  const started = now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(p) {
      if (!enabled) return;
      const t = now();
      if (t - started < SHOW_AFTER_MS || t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      drawn = true;
      stream.write(`\r\u001b[K${progressLine(p, t - started)}`);
    },
    done() {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}

/** `Desktop logs: 12/40 files · 312 MiB of 1.0 GiB · 45 MB/s · about 15 s left`. */
export function progressLine(p: LogProgress, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? p.bytesDone / (elapsedMs / 1000) : 0;
  const left = rate > 0 ? Math.max(0, (p.bytesTotal - p.bytesDone) / rate) : null;
  return [
    `Desktop logs: ${p.filesDone}/${p.filesTotal} files`,
    `${size(p.bytesDone)} of ${size(p.bytesTotal)}`,
    `${(rate / 1e6).toFixed(0)} MB/s`,
    left === null ? 'estimating' : `about ${Math.ceil(left)} s left`,
  ].join(' · ');
}

function size(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}
