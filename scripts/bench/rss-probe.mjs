// Preloaded into the measured process (`node --import`): writes its peak RSS to the file named by
// CODEX_LOGS_BENCH_RSS when it exits, since a parent cannot read a child's rusage from Node.
import { writeFileSync } from 'node:fs';

const target = process.env.CODEX_LOGS_BENCH_RSS;
if (target) {
  process.on('exit', () => {
    writeFileSync(target, String(process.resourceUsage().maxRSS * 1024));
  });
}
