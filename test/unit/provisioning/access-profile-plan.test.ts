// The access-profile planner: the file's text and plain objects in, operations out (no file, database or network).
import { describe, expect, it } from 'vitest';
import { accessProfileFileWith, formatAccessProfiles } from '../../../src/config/access-profiles.js';
import { desiredProfile, planAccessProfile } from '../../../src/provisioning/access-profiles/plan.js';

const file = (entries: [string, string[]][]) => formatAccessProfiles(new Map(entries));
const staff = { name: 'staff', rights: ['calendar', 'webmail'] };

describe('access-profile planning', () => {
  it('reads the rights whose value is "TRUE" or true, sorted', () => {
    expect(desiredProfile({ name: ' staff ', webmail: 'TRUE', calendar: true, tasks: 'FALSE' }, 'P', 'f')).toEqual(
      staff,
    );
  });

  it('a name the file cannot hold is an error saying what to do', () => {
    expect(() => desiredProfile({ name: '' }, 'P', 'f')).toThrow(
      /Cannot provision P: it has no name; give the profile a name/,
    );
    expect(() => desiredProfile({ name: 'a\nb' }, 'P', 'f')).toThrow(/contains a line break, which f cannot hold/);
    expect(() => desiredProfile({ name: '#x' }, 'P', 'f')).toThrow(
      /starts with "#", which makes its line a comment in f/,
    );
  });

  it('a new profile: one write of the whole file, its holders re-planned', () => {
    const before = file([['other', ['usm']]]);
    expect(planAccessProfile(staff, undefined, before)).toEqual([
      {
        type: 'access-profile',
        op: 'write',
        text: file([
          ['other', ['usm']],
          ['staff', ['calendar', 'webmail']],
        ]),
        profile: 'staff',
        holdersOf: ['staff'],
      },
    ]);
  });

  it('unchanged (the file already says so): no operation', () => {
    expect(planAccessProfile(staff, 'staff', file([['staff', ['webmail', 'calendar']]]))).toEqual([]);
  });

  it('new rights or a rename: one write; a rename re-plans the holders of both names', () => {
    const before = file([['staff', ['webmail']]]);
    expect(planAccessProfile(staff, 'staff', before)).toMatchObject([
      { op: 'write', text: file([['staff', ['calendar', 'webmail']]]), holdersOf: ['staff'] },
    ]);
    expect(planAccessProfile({ ...staff, name: 'team' }, 'staff', before)).toMatchObject([
      { op: 'write', text: file([['team', ['calendar', 'webmail']]]), holdersOf: ['staff', 'team'] },
    ]);
  });

  it('a deleted profile: its line removed; never provisioned or already gone from the file: nothing', () => {
    const before = file([
      ['staff', ['webmail']],
      ['other', []],
    ]);
    expect(planAccessProfile(null, 'staff', before)).toEqual([
      { type: 'access-profile', op: 'write', text: file([['other', []]]), profile: 'staff', holdersOf: ['staff'] },
    ]);
    expect(planAccessProfile(null, undefined, before)).toEqual([]);
    expect(planAccessProfile(null, 'gone', accessProfileFileWith(before, 'gone', null))).toEqual([]);
  });
});
