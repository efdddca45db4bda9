import { describe, expect, it } from 'vitest';
import { applySettings, readSettings } from './display-settings.js';

describe('readSettings', () => {
  it('reads kept settings', () => {
    expect(readSettings('{"contrast":"high","textSize":1.5}')).toEqual({ contrast: 'high', textSize: 1.5 });
    expect(readSettings('{"contrast":"normal","textSize":2}')).toEqual({ contrast: 'normal', textSize: 2 });
  });

  it('falls back to the defaults for anything it does not know, field by field', () => {
    const defaults = { contrast: 'default', textSize: 1 };
    expect(readSettings(null)).toEqual(defaults);
    expect(readSettings('not json')).toEqual(defaults);
    expect(readSettings('{"contrast":"purple","textSize":7}')).toEqual(defaults);
    expect(readSettings('{"contrast":"high","textSize":"2"}')).toEqual({ contrast: 'high', textSize: 1 });
  });
});

describe('applySettings', () => {
  it('sets and clears the document attributes the style sheet reads', () => {
    const root = { dataset: {} as Record<string, string> } as unknown as HTMLElement;
    applySettings(root, { contrast: 'high', textSize: 2 });
    expect({ ...root.dataset }).toEqual({ contrast: 'high', textSize: '2' });
    applySettings(root, { contrast: 'default', textSize: 1 });
    expect({ ...root.dataset }).toEqual({});
  });
});
