// Issue 14 item 12: profile names and the .properties format of ModuleAccessDefinitions.properties.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseAccessProfiles,
  readProfileEntries,
  startsLikeComment,
  updateAccessProfileFile,
} from '../../../src/config/access-profiles.js';

describe('access-profile names in the .properties file', () => {
  it('a line whose first non-blank character is "#" or "!" is a comment, even with a "="', () => {
    const text = '# premium=webmail\n  ! pim=calendar\nreal=webmail\n';
    expect([...parseAccessProfiles(text).keys()]).toEqual(['real']);
    expect([...readProfileEntries(text).keys()]).toEqual(['real']);
  });

  it('names starting with a comment marker are recognised; a marker inside a name is not one', () => {
    expect(startsLikeComment('#vip')).toBe(true);
    expect(startsLikeComment('!vip')).toBe(true);
    expect(startsLikeComment('a#b')).toBe(false);
    expect(startsLikeComment('a!b')).toBe(false);
  });

  it.each(['a=b', 'x==y', 'team:sales', 'web mail', 'web\tmail', 'dom\\ain', 'ends\\', 'a#b', 'ü:=\\ #'])(
    'the name %j is written unescaped and read back exactly',
    (name) => {
      const path = join(mkdtempSync(join(tmpdir(), 'oxc-ap-')), 'ModuleAccessDefinitions.properties');
      updateAccessProfileFile(path, 'first', ['webmail']);
      updateAccessProfileFile(path, name, ['calendar', 'usm']);
      updateAccessProfileFile(path, 'none', []);
      const text = readFileSync(path, 'utf8');
      expect(text).toContain(`\n${name}=calendar,usm\n`);
      const profiles = parseAccessProfiles(text);
      expect([...profiles.keys()]).toEqual(['first', name, 'none']);
      expect([...(profiles.get(name) ?? [])].sort()).toEqual(['USM', 'calendar']);
      expect(profiles.get('none')?.size).toBe(0);
    },
  );
});
