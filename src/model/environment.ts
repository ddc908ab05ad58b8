/** The machine that wrote the data (not the one analysing it), as the evidence shows it: the report's first table. */
export interface Environment {
  os: string;
  /** Why we think so, for the reader to check. */
  osEvidence: string;
  desktopVersions: string[];
  appServerVersions: string[];
  cliVersions: string[];
  /** The first and last time the Desktop logs read have, or null without a timed line. */
  logSpan: { first: number; last: number } | null;
}
