/** The heap policy lives in src/util/ (fold workers apply it too); the CLI imports it from here. */
export { preferSmallHeap } from './util/heap-policy.js';
