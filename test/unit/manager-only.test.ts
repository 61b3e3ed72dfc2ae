import { describe, expect, it } from 'vitest';
import { managerOnlyChanges } from '../../src/shared/manager-only';
import { defaultSettings } from '../../src/shared/settings';

describe('manager-only settings', () => {
  it('names the manager-only paths a change touches, and nothing else', () => {
    const before = defaultSettings();
    const after = structuredClone(before);
    after.language = 'fr-CA';
    after.printer = { type: 'network', url: 'tcp://10.0.0.9:9100' };
    expect(managerOnlyChanges(before, after)).toEqual([]);
    after.clover.apiUrl = 'https://example.test';
    after.odoo.journal = 'Bank';
    after.currency = 'CAD';
    expect(managerOnlyChanges(before, after)).toEqual(['clover.apiUrl', 'odoo', 'currency']);
  });

  it('turning training on is anyone\'s; turning it off is a manager\'s', () => {
    const off = defaultSettings();
    const on = { ...structuredClone(off), training: true };
    expect(managerOnlyChanges(off, on)).toEqual([]);
    expect(managerOnlyChanges(on, off)).toEqual(['training']);
  });
});
