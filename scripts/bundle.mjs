// The CLI as users run it, for `npm run build` after tsc (which emits dist/ module by module, for the tests): a
// bundle of src/cli.ts and of the two worker entries in dist/bundle/, each command's own modules in chunks loaded on
// demand, and dist/cli.js, the `bin`, which runs it. Node resolves, reads and compiles each module apart: some 200
// modules were 70 ms of every run, a tenth of a `--since 1d` one and a fifth of `--help`. esbuild (which tsx already
// compiles with) bundles in a tenth of a second. better-sqlite3 stays outside, a native addon loaded from
// node_modules; the other dependencies are bundled, and package.json lists them still, for `npm ls` and audits.
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const outdir = new URL('dist/bundle/', root).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root.pathname,
  entryPoints: ['src/cli.ts', 'src/log-index/fold-worker.ts', 'src/log-index/read-ahead-worker.ts'],
  // Flat, side by side: the workers are found as ./fold-worker.js and ./read-ahead-worker.js beside the code that
  // starts them, and package.json and lnav/ two levels up, as from dist/log-index/ and dist/util/.
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3'],
  sourcemap: 'linked',
  // The bundled CommonJS packages (split2, cli-table3, ...) call require(), which an ES module does not have.
  banner: { js: "import { createRequire as __codexLogsCreateRequire } from 'node:module';\nconst require = __codexLogsCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

const LAUNCHER = `#!/usr/bin/env node
// Written by scripts/bundle.mjs: runs the bundle of src/cli.ts.
import { existsSync } from 'node:fs';

const bundle = new URL('./bundle/cli.js', import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  process.stderr.write('codex-logs: this build is incomplete (no dist/bundle/cli.js): run npm run build\\n');
  process.exitCode = 2;
}
`;
const launcher = new URL('dist/cli.js', root);
writeFileSync(launcher, LAUNCHER);
// npm links \`bin\` entries as they are: the launcher needs its executable bit.
chmodSync(launcher, 0o755);
