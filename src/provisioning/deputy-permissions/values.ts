// oxDeputyPermissionGivenTo values (docs/reference/ox-deputy-permissions.md): [deputy DN, mail code, calendar code,
// send on behalf]. The listener writes the UDM complex value as a 4-element list; LDAP joins it with " |:$:| ". "Send
// on behalf" is on only for "1" (LDAP boolean) or true, as in the original (same page).

export interface DeputyValue {
  dn: string;
  mail: string;
  calendar: string;
  sendOnBehalfOf: boolean;
}

const DELIMITER = '|:$:|';
const CODE = /^\d{5}$/;

function tuple(raw: unknown): unknown[] | undefined {
  if (Array.isArray(raw)) return raw;
  if (typeof raw === 'string' && raw.includes(DELIMITER)) return raw.split(DELIMITER).map((s) => s.trim());
  return undefined;
}

/** Parses the property; malformed values are reported through `problems` and skipped. */
export function parseDeputyValues(value: unknown, problems: string[]): DeputyValue[] {
  if (value === null || value === undefined || value === '') return [];
  let list: unknown[] = Array.isArray(value) ? value : [value];
  // One bare tuple instead of a list of tuples.
  if (list.length === 4 && list.every((v) => typeof v !== 'object') && CODE.test(String(list[1]))) list = [list];
  const out: DeputyValue[] = [];
  for (const raw of list) {
    const t = tuple(raw);
    const [dn, mail, calendar, sob] = (t ?? []).map((v) => (typeof v === 'string' ? v.trim() : v));
    if (
      !t ||
      t.length < 3 ||
      typeof dn !== 'string' ||
      dn === '' ||
      !CODE.test(String(mail)) ||
      !CODE.test(String(calendar))
    ) {
      problems.push(
        `ignoring malformed deputy permission ${JSON.stringify(raw)} (expected [deputy DN, 5-digit mail code, 5-digit calendar code, send on behalf])`,
      );
      continue;
    }
    out.push({ dn, mail: String(mail), calendar: String(calendar), sendOnBehalfOf: sob === true || sob === '1' });
  }
  return out;
}

/** The DeputyPermission sent to OX: one module entry per code, digits admin/folder/read/write/delete. */
export function deputyPermission(deputyOxId: number, v: Pick<DeputyValue, 'mail' | 'calendar' | 'sendOnBehalfOf'>) {
  const module = (moduleId: string, code: string) => ({
    moduleId,
    admin: code[0] === '1',
    folderPermission: Number(code[1]),
    readPermission: Number(code[2]),
    writePermission: Number(code[3]),
    deletePermission: Number(code[4]),
  });
  return {
    userId: deputyOxId,
    sendOnBehalfOf: v.sendOnBehalfOf,
    modulePermissions: [module('mail', v.mail), module('calendar', v.calendar)],
  };
}
