import { describe, expect, it } from 'vitest';
import { formatVerbose, type VerboseStatus } from '../../../src/ops/status.js';

// Issue 14 item 11: `status --verbose` prints DNs, ids and errors from directory data, one printable line each.
describe('status --verbose escapes directory data (decision 0222)', () => {
  it('a newline or escape sequence in a DN, id or error does not make a line of its own', () => {
    const forged = 'x\nFORGED line\u001b[2J';
    const s: VerboseStatus = {
      health: { errors: '1', message: forged } as unknown as VerboseStatus['health'],
      queueDepth: 3,
      parked: [
        {
          objectId: forged,
          type: 'users/user',
          dn: `uid=${forged}`,
          file: forged,
          error: forged,
          attempts: 1,
          nextRetryAt: '2025-01-01T00:00:00Z',
        },
      ],
      held: [{ objectId: forged, type: 'groups/group', dn: forged, blockedBy: forged, reason: forged }],
      retriesPending: 1,
      consecutiveErrors: 1,
      lastSuccess: { object: forged, at: '2025-01-01T00:00:00Z' },
    };
    const text = formatVerbose(s);
    expect(text.split('\n').filter((l) => l.startsWith('FORGED'))).toEqual([]);
    expect(text).not.toContain('\u001b');
    expect(text.split('\n')).toHaveLength(9);
    expect(JSON.parse(text.split('\n')[0])).toEqual(s.health);
  });
});
