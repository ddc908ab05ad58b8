import { describe, expect, it } from 'vitest';
import { REPORT_FORMATS, TIMELINE_FORMATS } from '../../src/model/choices.js';
import { REPORTERS } from '../../src/render/index.js';
import { TIMELINE_RENDERERS } from '../../src/render/timeline/index.js';

describe('the CLI choice lists', () => {
  it('offer exactly the formats the registries render', () => {
    expect([...REPORT_FORMATS].sort()).toEqual(Object.keys(REPORTERS).sort());
    expect([...TIMELINE_FORMATS].sort()).toEqual(Object.keys(TIMELINE_RENDERERS).sort());
  });
});
