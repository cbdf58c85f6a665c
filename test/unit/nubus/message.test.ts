// Provisioning API messages → queue records: the key, the kinds, and what is acknowledged without a record.
import { describe, expect, it } from 'vitest';
import { convertMessage, type ProvisioningMessage } from '../../../src/sources/nubus/message.js';
import { readNubusSettings } from '../../../src/sources/nubus/settings.js';

const message = (topic: string, old: Record<string, unknown>, now: Record<string, unknown>): ProvisioningMessage => ({
  realm: 'udm',
  topic,
  body: { old, new: now },
  sequence_number: 7,
  num_delivered: 1,
});
const user = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  dn: 'uid=anna,cn=users,dc=example,dc=org',
  properties: { username: 'anna', ...properties },
  options: { default: true },
  ...extra,
});

describe('convertMessage', () => {
  it('keys on univentionObjectIdentifier, not on the version-dependent id or uuid', () => {
    const result = convertMessage(
      message('users/user', {}, user({ univentionObjectIdentifier: 'uoi-1' }, { id: 'anna', uuid: 'entry-uuid-1' })),
    );
    expect(result).toMatchObject({ kind: 'create', record: { id: 'uoi-1' } });
  });

  it('falls back to uuid (entryUUID) for transformers that do not send univentionObjectIdentifier', () => {
    expect(convertMessage(message('users/user', {}, user({}, { uuid: 'entry-uuid-1' })))).toMatchObject({
      record: { id: 'entry-uuid-1' },
    });
  });

  it('reports a relevant object it cannot key, with what to do', () => {
    const result = convertMessage(message('users/user', {}, user({}, { id: 'anna' })));
    expect(result.kind).toBe('unusable');
    expect(result.kind === 'unusable' && result.problem).toContain(
      'uid=anna,cn=users,dc=example,dc=org, has no univentionObjectIdentifier',
    );
  });

  it('leaves topics and realms the connector does not provision to be acknowledged unread', () => {
    expect(convertMessage(message('oxmail/shared_account', {}, user({})))).toEqual({ kind: 'irrelevant' });
    expect(convertMessage({ ...message('users/user', {}, user({})), realm: 'other' })).toEqual({ kind: 'irrelevant' });
  });

  it('tells a move (DN changed) from a modify, and keys a delete on the old object', () => {
    const before = user({ univentionObjectIdentifier: 'uoi-1' });
    const moved = { ...before, dn: 'uid=anna,cn=people,dc=example,dc=org' };
    expect(convertMessage(message('users/user', before, moved)).kind).toBe('move');
    expect(convertMessage(message('users/user', before, before)).kind).toBe('modify');
    expect(convertMessage(message('users/user', before, {}))).toEqual({
      kind: 'delete',
      record: { id: 'uoi-1', dn: before.dn, udm_object_type: 'users/user', object: null, options: null },
    });
  });
});

describe('readNubusSettings', () => {
  it('names every missing setting and never the password', () => {
    expect(() => readNubusSettings({})).toThrow(
      /PROVISIONING_API_BASE_URL is not set[\s\S]*PROVISIONING_API_USERNAME[\s\S]*PROVISIONING_API_PASSWORD_FILE/,
    );
    expect(() =>
      readNubusSettings({
        PROVISIONING_API_BASE_URL: 'ftp://x',
        PROVISIONING_API_USERNAME: 'ox',
        PROVISIONING_API_PASSWORD: 'Secret-99',
        PROVISIONING_API_PASSWORD_FILE: '/nonexistent',
      }),
    ).toThrow(/^(?![\s\S]*Secret-99)[\s\S]*not an http:\/\/ or https:\/\/ URL[\s\S]*both set/);
  });
});
