/**
 * Redaction for output that is attached to public bug reports (`report`, `timeline`). The one place that knows what
 * is private: user names inside home paths of every OS form, e-mail addresses, API keys and tokens, and the host
 * names of remote connections. Idempotent: redacting twice changes nothing more.
 */

const USER = '<user>';
const SECRET = '<secret>';
const EMAIL = '<email>';
const HOST = '<host>';

interface Rule {
  pattern: RegExp;
  replace: string | ((...groups: string[]) => string);
}

const RULES: readonly Rule[] = [
  // Tokens first, so that a token that looks like a path segment or an address is gone before the other rules look.
  { pattern: /\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g, replace: SECRET },
  { pattern: /\b(Bearer|Basic|token)\s+(?!<secret>)[A-Za-z0-9._~+/=-]{8,}/gi, replace: (_m, scheme) => `${scheme} ${SECRET}` },
  { pattern: /\b(?:sk|rk|pk)-(?:proj-|svcacct-|admin-|ant-)?[A-Za-z0-9_-]{16,}/g, replace: SECRET },
  { pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/g, replace: SECRET },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/g, replace: SECRET },
  { pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, replace: SECRET },
  { pattern: /\bAKIA[0-9A-Z]{16}\b/g, replace: SECRET },
  {
    pattern: /\b((?:api[_-]?key|access[_-]?token|refresh[_-]?token|id[_-]?token|secret|password|passwd)["']?\s*[=:]\s*["']?)(?!<secret>)[^\s"',}&]{6,}/gi,
    replace: (_m, key) => `${key}${SECRET}`,
  },
  // Home folders: the name after Users/ or home/, in every separator and prefix form; and after source/, where
  // container setups mount the host's home (`/source/<user>/…/.codex`).
  {
    pattern: /((?:\\\\\?\\)?[A-Za-z]:[\\/]+(?:Users|Documents and Settings)[\\/]+)(?!<user>)[^\\/\s"'`:;,)}\]]+/gi,
    replace: (_m, prefix) => `${prefix}${USER}`,
  },
  { pattern: /((?:^|[\s"'`=(:[{,])\/(?:Users|home|source)\/)(?!<user>)[^/\s"'`:;,)}\]]+/g, replace: (_m, prefix) => `${prefix}${USER}` },
  // Inside markup, as rollouts carry the working folder (`<cwd>/Users/alice/…</cwd>`).
  { pattern: /(>\/(?:Users|home|source)\/)(?!<user>)[^/\s"'`:;,)}\]<]+/g, replace: (_m, prefix) => `${prefix}${USER}` },
  // Remote connections: `remote-ssh-discovered:<host>`, `ssh://user@host`, `user@host:` scp forms, host fields.
  { pattern: /\b(remote-[a-z-]{1,64}:)(?!<host>)[^\s"',}]+/gi, replace: (_m, prefix) => `${prefix}${HOST}` },
  { pattern: /\b(ssh:\/\/)(?:[^@\s/]+@)?(?!<host>)[^\s/:"']+/gi, replace: (_m, scheme) => `${scheme}${HOST}` },
  { pattern: /\b((?:host|hostname|hostName|remoteHost|sshHost)["']?\s*[=:]\s*["']?)(?!<host>)[^\s"',}]+/g, replace: (_m, key) => `${key}${HOST}` },
  // Credentials in a URL (`https://user:password@host`), before the e-mail rule takes `password@host` for an address.
  { pattern: /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)(?!<secret>)[^\s/@:"']+:[^\s/@"']+@/gi, replace: (_m, scheme) => `${scheme}${SECRET}@` },
  // Only from the start of a run of address characters: tried at every position of a long run, it took quadratic time.
  { pattern: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, replace: EMAIL },
];

export function redact(text: string): string {
  let out = text;
  for (const rule of RULES) out = out.replace(rule.pattern, rule.replace as (substring: string, ...args: string[]) => string);
  return out;
}

/** Applies `redact` to every string inside a JSON-like value (keys are left alone). */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}
