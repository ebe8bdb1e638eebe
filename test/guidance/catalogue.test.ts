import { CATALOGUE, guidance, isGuidanceId } from 'aio-secure';

describe('guidance catalogue', () => {
  test('holds exactly the 21 IDs of GUIDANCE.md, in order', () => {
    expect(CATALOGUE.map((e) => e.id)).toEqual([
      'AS-1', 'AS-2', 'AS-3', 'AS-4', 'AS-5', 'AS-6',
      'CN-1', 'CN-2', 'CN-3', 'CN-4', 'CN-5', 'CN-6', 'CN-7',
      'ED-1', 'ED-2', 'ED-3', 'ED-4',
      'CL-1', 'CL-2', 'CL-3',
      'OV-1',
    ]);
  });

  test('forms match GUIDANCE.md', () => {
    const forms = Object.fromEntries(CATALOGUE.map((e) => [e.id, e.form]));
    expect(Object.entries(forms).filter(([, f]) => f === 'attested').map(([id]) => id)).toEqual(['AS-4', 'AS-5', 'AS-6']);
    expect(Object.entries(forms).filter(([, f]) => f === 'generated').map(([id]) => id)).toEqual(['AS-3', 'CN-3']);
  });

  test.each(CATALOGUE.map((e) => [e.id, e] as const))('%s has a section, title, summary and a Microsoft Learn URL', (_id, e) => {
    expect(e.title.length).toBeGreaterThan(5);
    expect(e.summary).toMatch(/\.$/);
    expect(e.url).toMatch(/^https:\/\/learn\.microsoft\.com\/azure\//);
    expect(e.id.slice(0, 2)).toBe({ Asset: 'AS', Connection: 'CN', Edge: 'ED', Cloud: 'CL', Overview: 'OV' }[e.section]);
  });

  test('guidance() finds an entry and rejects an unknown ID with the list of known ones', () => {
    expect(guidance('CN-4').title).toBe('Encrypted broker internal traffic');
    expect(() => guidance('XX-1' as never)).toThrow('Unknown guidance ID "XX-1". Known IDs: AS-1, AS-2,');
    expect(isGuidanceId('ED-4')).toBe(true);
    expect(isGuidanceId('ED-5')).toBe(false);
  });
});
