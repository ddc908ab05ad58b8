/**
 * Writes to stdout and resolves once the data is handed to the OS, so that setting process.exitCode and returning
 * never cuts a piped report short. A closed pipe (`| head`) is not an error.
 */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' ? resolve() : reject(err));
    process.stdout.once('error', onError);
    process.stdout.write(text, (err) => {
      process.stdout.off('error', onError);
      if (err && (err as NodeJS.ErrnoException).code !== 'EPIPE') reject(err);
      else resolve();
    });
  });
}
