/**
 * Regenerates sample-logs/ (or the folder given) from the sample incident builder.
 *
 *   npm run sample-logs [-- <dir>]
 */
import { resolve } from 'node:path';
import { writeSampleIncident } from '../test/builders/sample-incident.js';

const target = resolve(process.argv[2] ?? 'sample-logs');
writeSampleIncident(target);
process.stdout.write(`wrote ${target}\n`);
