// A client nobody on this team wrote: Python zeep in strict mode (the library the Univention connector uses)
// loads every WSDL of a started emulator and runs what the connector sends to OX, operation by operation.
// Every answer is also validated by libxml2 against the emulator's own inline schemas.
// Needs python3 with zeep and lxml (Debian: python3-zeep; .ci/run installs it). Skipped locally without it.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { operationMeta } from '../../../src/ox/codec/index.js';
import { pythonReport, pythonWith } from '../../helpers/python.js';

const SCRIPT = fileURLToPath(new URL('./zeep_connector_calls.py', import.meta.url));
const python = pythonWith('zeep, lxml');

interface Step {
  step: string;
  ok?: boolean;
  value?: unknown;
  fault?: string;
  code?: string;
  detail?: string | null;
  detailChildren?: string[];
  detailTexts?: (string | null)[];
  error?: string;
}
interface Report {
  loaded: string[];
  steps: Step[];
  invalid: { service: string; operation: string; errors: string[] }[];
  answers: { service: string; operation: string; kind: 'empty' | 'fault' | 'element'; elements?: string[] }[];
}

const TNS = '{http://soap.admin.openexchange.com}';
let emu: RunningEmulator;
let report: Report;
const byName = (name: string): Step => {
  const found = report.steps.find((s) => s.step === name);
  if (found === undefined) throw new Error(`zeep run has no step "${name}"`);
  return found;
};
const ok = (name: string): Record<string, unknown> => {
  const s = byName(name);
  expect(s, name).toMatchObject({ ok: true });
  return s.value as Record<string, unknown>;
};

describe.skipIf(python === undefined && !process.env.CI)('Python zeep (strict) against the emulator', () => {
  beforeAll(async () => {
    emu = await startEmulator({ masterPassword: 'zeep-master' });
    report = await pythonReport<Report>(python ?? 'python3', SCRIPT, [emu.url, 'zeep-master']);
  }, 120_000);
  afterAll(() => emu?.close());

  it('loads every WSDL', () => {
    expect(report.loaded).toEqual([
      'OXContextService',
      'OXUserService',
      'OXGroupService',
      'OXResourceService',
      'OXUserCopyService',
      'OXSecondaryAccountService',
      'OXUtilService',
      'OXDeputyPermissionsService',
    ]);
  });

  it('never fails inside zeep (every answer parses in strict mode)', () => {
    expect(report.steps.filter((s) => s.error !== undefined)).toEqual([]);
    expect(report.steps.length).toBeGreaterThan(40);
  });

  it('every answer validates against the WSDL it came from (libxml2)', () => {
    expect(report.answers.length).toBeGreaterThanOrEqual(report.steps.length);
    expect(report.invalid).toEqual([]);
  });

  it('answers bare operations with an empty Body and wrapped ones with <op>Response', () => {
    for (const a of report.answers) {
      const meta = operationMeta(a.service, a.operation);
      expect(meta, `${a.service}.${a.operation}`).toBeDefined();
      if (a.kind === 'empty') expect(meta!.style, `${a.service}.${a.operation}`).toBe('bare');
      if (a.kind === 'element') {
        expect(meta!.style).toBe('wrapped');
        expect(a.elements![0]).toMatch(new RegExp(`}${a.operation}Response$`));
      }
    }
    expect(report.answers.filter((a) => a.kind === 'empty').length).toBeGreaterThanOrEqual(8);
  });

  it('contexts: create returns the context with OX defaults, exists/list see it', () => {
    expect(ok('context.create')).toMatchObject({
      id: 10,
      name: 'ten',
      enabled: true,
      maxQuota: 1000,
      loginMappings: ['10', 'ten'],
      filestore_name: '10_ctx_store',
    });
    expect(ok('context.getData')).toMatchObject({ id: 10, name: 'ten' });
    expect(byName('context.exists').value).toBe(true);
    expect((byName('context.listAll').value as { id: number }[]).map((c) => c.id)).toContain(10);
    expect(byName('context.change')).toMatchObject({ ok: true, value: null });
  });

  it('users: create echoes the request with id, defaults and the password; getData hides the password', () => {
    const created = ok('user.create');
    expect(created).toMatchObject({
      id: 3,
      name: 'anna',
      password: 'S3cret!',
      passwordMech: '{SHA-256}',
      contextadmin: false,
      mailenabled: true,
      aliases: ['anna@ten.example', 'a.alster@ten.example'],
      defaultSenderAddress: 'anna@ten.example',
      department: 'Sales & <Marketing>',
      imapServer: 'mail.ten.example',
      imapPort: 143,
      smtpPort: 587,
      smtpSchema: 'smtp://',
      birthday: '1980-05-02',
      image1: { base64: Buffer.from('\x89PNG\r\n', 'latin1').toString('base64') },
    });
    expect(ok('user.getData by id')).toMatchObject({ id: 3, name: 'anna', password: null });
    expect(ok('user.getData by name')).toMatchObject({ id: 3 });
  });

  it('users: change applies only what is sent — nil leaves unchanged, "" clears, aliases replace', () => {
    expect(byName('user.change')).toMatchObject({ ok: true, value: null });
    const after = ok('user.getData after change');
    expect(after.display_name).toBe('Anna M. Alster');
    expect(after.department).toBe('Sales & <Marketing>');
    // zeep turns an empty element into None; the emulator wrote <userfield01></userfield01>.
    expect(['', null]).toContain(after.userfield01);
    expect(after.aliases).toEqual(['anna@ten.example']);
  });

  it('users: list results carry only the id and the members JAXB always writes', () => {
    const listed = byName('user.listAll').value as Record<string, unknown>[];
    expect(listed.map((u) => u.id)).toEqual([2, 3]);
    const admin = listed[0];
    expect(admin).toMatchObject({
      id: 2,
      contextadmin: false,
      imapPort: 143,
      imapSchema: 'imap://',
      smtpPort: 25,
      smtpSchema: 'smtp://',
      convert_drive_user_folders: false,
      name: null,
      display_name: null,
      aliases: [],
    });
    expect((byName('user.getMultipleData').value as { name: string }[]).map((u) => u.name)).toEqual([
      'oxadmin',
      'anna',
    ]);
    expect(byName('user.exists').value).toBe(true);
  });

  it('groups, resources, secondary accounts and user copy behave as the connector expects', () => {
    expect(ok('group.create')).toMatchObject({ id: 4, name: 'sales', members: [3] });
    expect(ok('group.getData by name')).toMatchObject({ id: 4, displayname: 'Sales' });
    const changed = (byName('group.getMultipleData').value as { displayname: string; members: number[] }[])[0];
    expect(changed.displayname).toBe('Sales Team');
    expect([...changed.members].sort()).toEqual([2, 3]);
    expect((byName('group.listGroupsForUser').value as { id: number }[]).map((g) => g.id)).toEqual([1, 4]);
    expect(ok('resource.create')).toMatchObject({ id: 5, available: true, email: 'beamer@ten.example' });
    expect((byName('resource.getMultipleData').value as Record<string, unknown>[])[0]).toMatchObject({
      description: 'Room 1',
    });
    expect(byName('account.create')).toMatchObject({ ok: true, value: null });
    expect((byName('account.list').value as Record<string, unknown>[])[0]).toMatchObject({
      contextId: 10,
      userId: 3,
      primaryAddress: 'team@ten.example',
      login: 'fa-anna',
    });
    expect(byName('account.delete').value).toBe(true);
    const deputyId = byName('deputy.grant').value;
    expect(typeof deputyId).toBe('string');
    expect(byName('deputy.list').value).toMatchObject([{ deputyId, userId: 2, sendOnBehalfOf: true }]);
    expect(byName('deputy.revokeAll')).toMatchObject({ ok: true, value: null });
    const copied = ok('user.copy');
    expect(copied.id).toEqual(expect.any(Number));
    expect(copied.name).toBeNull();
    for (const name of ['user.delete', 'group.delete', 'context.delete', 'resource.delete'])
      expect(byName(name)).toMatchObject({ ok: true, value: null });
  });

  it('faults arrive as zeep Faults with the texts the connector keys on and OX detail elements', () => {
    const fault = (name: string, prefix: string, detail: string) => {
      const s = byName(name);
      expect(s.ok, name).toBe(false);
      expect(s.code).toBe('soap:Server');
      expect(s.fault!.startsWith(prefix), `${name}: ${s.fault}`).toBe(true);
      expect(s.fault).toMatch(/; exceptionId -?\d+-\d+$/);
      expect(s.detail).toBe(detail);
      return s;
    };
    fault('context.getData unknown id', 'Context 99 does not exist', `${TNS}NoSuchContextException`);
    fault(
      'context.getData unknown name',
      'com.openexchange.admin.rmi.exceptions.NoSuchObjectException: No such context nope',
      `${TNS}NoSuchContextException`,
    );
    fault('context.getData wrong password', 'Authentication failed', `${TNS}InvalidCredentialsException`);
    fault('user.getData wrong context password', 'Authentication failed', `${TNS}InvalidCredentialsException`);
    fault('user.getData unknown name', 'No such user bob in context 10', `${TNS}NoSuchUserException`);
    fault('user.change unknown id', 'No such user 999 in context 10', `${TNS}NoSuchUserException`);
    const dup = fault(
      'user.create duplicate',
      'User anna already exists in this context',
      `${TNS}InvalidDataException`,
    );
    expect(dup.detailChildren).toEqual([
      `${TNS}Exception`,
      '{http://exceptions.rmi.admin.openexchange.com/xsd}objectname',
    ]);
    fault(
      'group.getData unknown name',
      'com.openexchange.admin.rmi.exceptions.NoSuchObjectException: com.openexchange.admin.rmi.exceptions.NoSuchGroupException: No such group nosuch in context 10',
      `${TNS}NoSuchGroupException`,
    );
    fault('group.create duplicate', 'Group already exists!', `${TNS}InvalidDataException`);
    fault(
      'resource.getData unknown name',
      'com.openexchange.admin.rmi.exceptions.NoSuchObjectException: com.openexchange.admin.rmi.exceptions.NoSuchResourceException: No such resource nope in context 10',
      `${TNS}NoSuchResourceException`,
    );
    fault(
      'user.copy duplicate',
      'User anna already exists in context 11',
      '{http://soap.copy.user.admin.openexchange.com}UserExistsException',
    );
  });
});
