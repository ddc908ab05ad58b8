import { installLnavFormat, lnavFormatText } from '../apply/install-lnav-format.js';
import { writeStdout } from '../run/output.js';

export interface LnavFormatArgs {
  install: boolean;
}

export async function runLnavFormat(args: LnavFormatArgs): Promise<number> {
  if (!args.install) {
    await writeStdout(lnavFormatText());
    return 0;
  }
  const { path, outcome } = installLnavFormat(process.env);
  const said = outcome === 'unchanged' ? 'already installed, unchanged' : outcome;
  await writeStdout(`${said}: ${path}\nlnav reads it from its next start: lnav ~/Library/Logs/com.openai.codex (or your Desktop log folder)\n`);
  return 0;
}
