// The schema against the repository's own contract tables (docs/reference/ox-soap-types.md and
// ox-soap-operations.md, restated from the OX SOAP contract notes): every type's members in wire order with type,
// occurrence and nillability; every operation's style, request children, response and declared faults (in
// order). Read from the markdown, so a drift on either side shows up here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OX_SERVICES } from '../../../src/ox/index.js';
import { complexType, operationMeta, type MemberMeta } from '../../../src/ox/codec/index.js';

const readReference = (page: string) =>
  readFileSync(new URL(`../../../docs/reference/${page}`, import.meta.url), 'utf8');
const typesMarkdown = readReference('ox-soap-types.md');
const operationsMarkdown = readReference('ox-soap-operations.md');

/** "name:type[]!" — `[]` repeated, `!` not nillable, `=1` minOccurs 1. */
function describeMember(m: MemberMeta): string {
  const type = m.simple ?? complexType(m.typeKey!).xmlName;
  return `${m.name}:${type}${m.many ? '[]' : ''}${m.nillable ? '' : '!'}${m.required ? '=1' : ''}`;
}

interface TypeTable {
  name: string;
  members: string[];
}

/** `## Type`, then a table `| # | element | type | occurs | nil allowed |`. */
function typeTables(md: string): TypeTable[] {
  const tables: TypeTable[] = [];
  const re = /^## (\w+)\n[\s\S]*?^\| # \| element[^\n]*\n\|[-| ]+\n((?:\|[^\n]*\n)+)/gm;
  for (const m of md.matchAll(re)) {
    const members = m[2]
      .trim()
      .split('\n')
      .map((row) => row.split('|').map((c) => c.trim()))
      .map(([, , name, type, occurs, nillable]) => {
        const many = occurs.endsWith('n') ? '[]' : '';
        return `${name}:${type}${many}${nillable === 'yes' ? '' : '!'}${occurs === '1' ? '=1' : ''}`;
      });
    tables.push({ name: m[1], members });
  }
  return tables;
}

interface OperationRow {
  service: string;
  operation: string;
  style: string;
  request: string[];
  response: string;
  faults: string[];
}

/** `## OXService`, then rows `| operation | style | name: Type, … | empty body / return: Type | Fault, … |`. */
function operationRows(md: string): OperationRow[] {
  const rows: OperationRow[] = [];
  const member = (text: string) => {
    const m = /^(\w+): (\w+)(\[\])?( \(not nil\))?$/.exec(text.trim());
    return m ? `${m[1]}:${m[2]}${m[3] ?? ''}${m[4] ? '!' : ''}` : `unparsed: ${text}`;
  };
  for (const section of md.matchAll(/^## (OX\w+)\n([\s\S]*?)(?=^## |(?![\s\S]))/gm)) {
    const re = /^\| (\w+) \| (wrapped|bare) \| ([^|]*) \| ([^|]*) \| ([^|]*) \|$/gm;
    for (const r of section[2].matchAll(re)) {
      rows.push({
        service: section[1],
        operation: r[1],
        style: r[2],
        request: r[3]
          .split(',')
          .filter((c) => c.trim() !== '')
          .map(member),
        response: r[4].trim() === 'empty body' ? 'none' : member(r[4]),
        faults: r[5].split(',').map((f) => `${f.trim()}Exception`),
      });
    }
  }
  return rows;
}

describe('schema = the contract tables (docs/reference/ox-soap-types.md, ox-soap-operations.md)', () => {
  const types = typeTables(typesMarkdown);
  const rows = operationRows(operationsMarkdown);

  it('finds the tables it checks', () => {
    expect(types.map((t) => t.name)).toEqual(expect.arrayContaining(['User', 'Context', 'Group', 'Account']));
    expect(types.length).toBeGreaterThanOrEqual(20);
    expect(rows.length).toBeGreaterThanOrEqual(100);
  });

  it('every type: members in propOrder with type, occurrence and nillability', () => {
    for (const table of types) {
      expect(complexType(table.name).members.map(describeMember), table.name).toEqual(table.members);
    }
  });

  it('every service of the operations page has exactly the operations of its table', () => {
    const services = [...new Set(rows.map((r) => r.service))];
    for (const service of services) {
      const ours = Object.keys(OX_SERVICES[service as keyof typeof OX_SERVICES].operations).sort();
      expect(ours, service).toEqual(
        rows
          .filter((r) => r.service === service)
          .map((r) => r.operation)
          .sort(),
      );
    }
  });

  it('every operation: style, request children in order, response, declared faults in order', () => {
    for (const row of rows) {
      const op = operationMeta(row.service, row.operation)!;
      const where = `${row.service}.${row.operation}`;
      expect(op.style, where).toBe(row.style);
      expect(op.request.members.map(describeMember), where).toEqual(row.request);
      expect(op.response ? describeMember(op.response) : 'none', where).toBe(row.response);
      expect(op.faults, where).toEqual(row.faults);
    }
  });

  it('per-service variants: the reduced User outside OXUserService, id-only types in OXSecondaryAccountService', () => {
    expect(operationMeta('OXUserService', 'getData')!.response!.typeKey).toBe('User');
    for (const [service, operation] of [
      ['OXContextService', 'create'],
      ['OXUserCopyService', 'copyUser'],
    ]) {
      const user = operationMeta(service, operation)!.response!.typeKey ?? '';
      const admin = operationMeta(service, operation)!.request.byName;
      expect(user === 'UserCore' || admin.get('admin_user')?.typeKey === 'UserCore').toBe(true);
    }
    expect(operationMeta('OXGroupService', 'getMembers')!.response!.typeKey).toBe('UserCore');
    const account = operationMeta('OXSecondaryAccountService', 'list')!.request.byName;
    expect(complexType(account.get('context')!.typeKey!).members.map((m) => m.name)).toEqual(['id']);
    expect(complexType(account.get('users')!.typeKey!).members.map((m) => m.name)).toEqual(['id']);
  });
});
