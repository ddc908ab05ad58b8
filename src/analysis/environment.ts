import type { Environment } from '../model/environment.js';
import type { Report } from '../model/report.js';
import type { Sources } from '../sources/types.js';

const OS_BY_PATH: [RegExp, string][] = [
  [/^\/Users\/|Library\/Logs\/com\.openai\.codex|^\/Applications\/|\.app\/Contents\//, 'macOS'],
  [/^(\\\\\?\\)?[A-Za-z]:[\\/]|Packages[\\/]OpenAI\.Codex|AppData[\\/]Local/, 'Windows'],
  [/^\/home\/|\.local\/state\/codex/, 'Linux'],
];

const PLATFORM_NAMES: Partial<Record<NodeJS.Platform, string>> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux' };

/** The user's environment as the evidence shows it: the machine that wrote the data, not the one analysing it. */
export function describeEnvironment(report: Report, sources: Sources, host: NodeJS.Platform = process.platform): Environment {
  const rows = sources.stateDb.status === 'ok' ? sources.stateDb.threads : [];
  const candidates: [string, string][] = [
    ...(report.inputs.recordedHome ? [[report.inputs.recordedHome, 'the home recorded in rollout_path'] as [string, string]] : []),
    ...rows.slice(0, 50).map((r) => [r.rolloutPath, 'threads.rollout_path'] as [string, string]),
    ...sources.rollouts.slice(0, 50).flatMap((f) => (f.head.status === 'ok' && f.head.cwd ? [[f.head.cwd, 'session_meta.cwd'] as [string, string]] : [])),
  ];
  // The platform's default folder says where the logs were written only when it holds some: else it is merely where
  // this machine would keep them.
  const { logsDirOrigin, logsDir, logsDirFound, logFiles } = report.inputs;
  const defaultLogs = logsDirOrigin === 'platform-default' && logsDir !== null && logsDirFound && logFiles > 0;
  if (defaultLogs) candidates.push([logsDir, 'the Desktop log folder']);
  for (const app of sources.logVersions.appBundlePaths) candidates.push([app, 'the app bundle the Desktop log names']);
  for (const [path, where] of candidates) {
    for (const [pattern, os] of OS_BY_PATH) if (pattern.test(path)) return { ...versions(sources), os, osEvidence: `from ${where}` };
  }
  const local = defaultLogs || report.inputs.codexHomeOrigin === 'default';
  return { ...versions(sources), os: local ? (PLATFORM_NAMES[host] ?? host) : 'unknown', osEvidence: local ? 'this machine' : 'no path names it' };
}

function versions(sources: Sources): Omit<Environment, 'os' | 'osEvidence'> {
  const cli = new Set<string>();
  if (sources.stateDb.status === 'ok') for (const r of sources.stateDb.threads) if (r.cliVersion) cli.add(r.cliVersion);
  for (const f of sources.rollouts) if (f.head.status === 'ok' && f.head.cliVersion) cli.add(f.head.cliVersion);
  return {
    desktopVersions: sources.logVersions.desktopVersions,
    appServerVersions: sources.logVersions.appServerVersions,
    cliVersions: [...cli].sort(),
    logSpan:
      sources.logVersions.firstTs === null ? null : { first: sources.logVersions.firstTs, last: sources.logVersions.lastTs ?? sources.logVersions.firstTs },
  };
}
