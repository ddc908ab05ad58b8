// npm links `bin` entries as-is; the shebang in src/cli.ts needs the executable bit on the emitted file too.
import { chmodSync } from 'node:fs';
chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
