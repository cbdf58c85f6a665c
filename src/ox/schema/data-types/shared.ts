/** Used by every service: the credentials of a call and the string maps of `userAttributes` and GUI preferences. The format of an entry: ../types.ts. */
export const SHARED_TYPES = {
  Credentials: {
    xmlName: 'Credentials',
    ns: 'rmido',
    members: [
      ['login', 'string'],
      ['password', 'string'],
    ],
  },
  Entry: {
    xmlName: 'Entry',
    ns: 'do',
    members: [
      ['key', 'string'],
      ['value', 'string'],
    ],
  },
  SOAPStringMap: {
    xmlName: 'SOAPStringMap',
    ns: 'do',
    members: [['entries', 'Entry', 'many']],
  },
  SOAPMapEntry: {
    xmlName: 'SOAPMapEntry',
    ns: 'do',
    members: [
      ['key', 'string'],
      ['value', 'SOAPStringMap'],
    ],
  },
  SOAPStringMapMap: {
    xmlName: 'SOAPStringMapMap',
    ns: 'do',
    members: [['entries', 'SOAPMapEntry', 'many']],
  },
} as const;
