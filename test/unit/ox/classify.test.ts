import { describe, expect, it } from 'vitest';
import { classifyFault } from '../../../src/ox/index.js';

describe('fault classification', () => {
  const cases: [string | undefined, string, string][] = [
    ['NoSuchUserException', 'No such user bob in context 10; exceptionId 1-2', 'notFound'],
    [
      'NoSuchGroupException',
      'com.openexchange.admin.rmi.exceptions.NoSuchObjectException: x; exceptionId 1-2',
      'notFound',
    ],
    ['NoSuchContextException', 'Context 10 does not exist; exceptionId 1-2', 'notFound'],
    ['ContextExistsException', 'Context 10 already exists!; exceptionId 1-2', 'alreadyExists'],
    ['UserExistsException', 'User anna already exists in context 11; exceptionId 1-2', 'alreadyExists'],
    ['InvalidDataException', 'User anna already exists in this context; exceptionId 1-2', 'alreadyExists'],
    ['InvalidDataException', 'Group already exists!; exceptionId 1-2', 'alreadyExists'],
    ['InvalidDataException', 'Resource r1 already exists in this context; exceptionId 1-2', 'alreadyExists'],
    ['InvalidDataException', 'Group sales already exists in this context; exceptionId 1-2', 'alreadyExists'],
    ['InvalidDataException', 'Group sales team already exists in this context; exceptionId 1-2', 'alreadyExists'],
    ['InvalidDataException', 'Context ten already exists!; exceptionId 1-2', 'alreadyExists'],
    ['InvalidDataException', 'Resource with this email address already exists; exceptionId 1-2', 'invalidData'],
    [undefined, 'Group sales already exists in this context; exceptionId 1-2', 'alreadyExists'],
    ['InvalidDataException', 'The displayname is already used; exceptionId 1-2', 'invalidData'],
    [
      'InvalidDataException',
      'Primary mail address "a@x" already exists in context 1 (Already assigned to user 3).; exceptionId 1-2',
      'invalidData',
    ],
    ['InvalidCredentialsException', 'Authentication failed; exceptionId 1-2', 'invalidCredentials'],
    ['StorageException', 'Connection reset; exceptionId 1-2', 'transient'],
    [
      'DatabaseUpdateException',
      'Database is locked or is now being updated, please try again later; exceptionId 1-2',
      'transient',
    ],
    ['RemoteException', 'Missing com.openexchange.admin.rmi.OXUserInterface instance.; exceptionId 1-2', 'transient'],
    [
      'StorageException',
      "Cannot map 'x' to the newly created context. This mapping is already in use.; exceptionId 1-2",
      'invalidData',
    ],
    [undefined, 'No such user 5 in context 1; exceptionId 1-2', 'notFound'],
    [undefined, 'Unexpected element "image1". Please remove that element from SOAP request.', 'other'],
  ];
  for (const [name, text, kind] of cases) {
    it(`${name ?? 'no detail'}: "${text.slice(0, 50)}" → ${kind}`, () => {
      expect(classifyFault(name, text)).toBe(kind);
    });
  }
});
