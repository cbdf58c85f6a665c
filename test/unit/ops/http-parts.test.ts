// The pure parts of the HTTP endpoints: readiness from OX activity, the per-minute rate, HTML and shell quoting.
import { describe, expect, it } from 'vitest';
import { OX_ANSWER_WINDOW_MS, OxActivity, Throughput } from '../../../src/ops/http/activity.js';
import { escapeHtml, shellQuote } from '../../../src/ops/http/status-page.js';

describe('OxActivity.ready', () => {
  const t0 = Date.parse('2026-12-08T00:00:00Z');
  it('is ready when nothing needed OX, and while its latest call was answered, however long ago', () => {
    const a = new OxActivity();
    expect(a.ready(t0)).toBe(true);
    a.callEnded(true, t0);
    expect(a.ready(t0 + 10 * OX_ANSWER_WINDOW_MS)).toBe(true);
  });
  it('is not ready once a call went unanswered and no answer came within the last minute', () => {
    const a = new OxActivity();
    a.callEnded(false, t0);
    expect(a.ready(t0)).toBe(false);
    a.callEnded(true, t0 + 1000);
    a.callEnded(false, t0 + 2000);
    expect(a.ready(t0 + 2000)).toBe(true); // answered within the minute
    expect(a.ready(t0 + 1000 + OX_ANSWER_WINDOW_MS + 1)).toBe(false);
    a.callEnded(true, t0 + 3 * OX_ANSWER_WINDOW_MS);
    expect(a.ready(t0 + 3 * OX_ANSWER_WINDOW_MS)).toBe(true);
  });
});

it('Throughput counts per minute over the last quarter of an hour', () => {
  const t = new Throughput();
  const t0 = Date.parse('2026-12-08T00:00:30Z');
  t.add(t0);
  t.add(t0 + 60_000);
  t.add(t0 + 60_000);
  expect(t.inLast(1, t0 + 60_000)).toBe(2);
  expect(t.inLast(5, t0 + 60_000)).toBe(3);
  expect(t.inLast(15, t0 + 15 * 60_000)).toBe(2); // the first minute is out of the window
  expect(t.inLast(15, t0 + 20 * 60_000)).toBe(0);
  t.add(t0 + 15 * 60_000); // the first minute's slot, reused
  expect(t.inLast(1, t0 + 15 * 60_000)).toBe(1);
});

it('escapes HTML and quotes shell words', () => {
  expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  expect(shellQuote('0f7c-11ee/a.b')).toBe('0f7c-11ee/a.b');
  expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
});
