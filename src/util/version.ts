import { readFileSync } from 'node:fs';

/** The package version; src/util/, dist/util/ and the bundle's dist/bundle/ all sit two levels below package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
