// Where a text stops being JSON, said without quoting it (issue 14 item 11, decision 0221). V8's JSON.parse errors
// quote up to ten characters around the fault ("Unexpected token 'r', "root:$6$ab"... is not valid JSON"): a queue
// file that is really another file would put its first bytes into the log, `status` and `tasks list`. So the
// message is rebuilt from a position only: "line 3, column 7".

/** A description of why JSON.parse refused `text`, naming a line and column and never the text itself. */
export function describeJsonError(text: string): string {
  const offset = firstJsonFault(text);
  if (offset < 0) return 'JSON.parse refused it';
  if (offset >= text.length) return 'it ends in the middle of a value';
  return `unexpected character at ${lineAndColumn(text, offset)}`;
}

function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

const WHITESPACE = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

function skip(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.exec(text) ? pattern.lastIndex : at;
}

/** From just after an opening quote to the closing quote (or the first character a string may not hold). */
function stringEnd(text: string, at: number): number {
  // A loop, not one regular expression: a 5 MB photo string would fill the expression engine's backtrack stack.
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (c === 0x22 || c < 0x20) return at;
    if (c !== 0x5c) at += 1;
    else {
      const end = skip(ESCAPE, text, at);
      if (end === at) return at + 1 < text.length ? at + 1 : text.length;
      at = end;
    }
  }
  return at;
}

/**
 * Offset of the first character that makes `text` invalid JSON (RFC 8259), text.length when it ends too early, -1
 * when it is valid.
 * Only called after JSON.parse failed, so speed does not matter; iterative, so deep nesting cannot overflow.
 */
export function firstJsonFault(text: string): number {
  // What may come next: a value, or inside a container the separator/closer or a member name.
  const open: string[] = [];
  let at = skip(WHITESPACE, text, 0);
  let expect: 'value' | 'after-value' | 'name' | 'first-name' | 'first-value' = 'value';
  for (;;) {
    at = skip(WHITESPACE, text, at);
    // Complete JSON (-1) cannot happen after JSON.parse failed; said anyway rather than a wrong position.
    if (at >= text.length) return expect === 'after-value' && open.length === 0 ? -1 : text.length;
    const c = text[at];
    if (expect === 'after-value') {
      const container = open[open.length - 1];
      if (container === undefined) return at; // something after the top-level value
      if (c === ',') {
        expect = container === '{' ? 'name' : 'value';
        at += 1;
      } else if ((c === '}' && container === '{') || (c === ']' && container === '[')) {
        open.pop();
        at += 1;
      } else return at;
      continue;
    }
    if (expect === 'name' || expect === 'first-name') {
      if (expect === 'first-name' && c === '}') {
        open.pop();
        expect = 'after-value';
        at += 1;
        continue;
      }
      if (c !== '"') return at;
      at = stringEnd(text, at + 1);
      if (at >= text.length) return text.length;
      if (text[at] !== '"') return at;
      at = skip(WHITESPACE, text, at + 1);
      if (at >= text.length) return text.length;
      if (text[at] !== ':') return at;
      at += 1;
      expect = 'value';
      continue;
    }
    // A value (or, right after '[', the closing bracket).
    if (expect === 'first-value' && c === ']') {
      open.pop();
      expect = 'after-value';
      at += 1;
      continue;
    }
    if (c === '{' || c === '[') {
      open.push(c);
      expect = c === '{' ? 'first-name' : 'first-value';
      at += 1;
      continue;
    }
    expect = 'after-value';
    if (c === '"') {
      at = stringEnd(text, at + 1);
      if (at >= text.length) return text.length;
      if (text[at] !== '"') return at;
      at += 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const end = skip(NUMBER, text, at);
      if (end === at) return at + 1 >= text.length ? text.length : at + 1;
      at = end;
    } else {
      const word = ['true', 'false', 'null'].find((w) => w[0] === c);
      if (!word) return at;
      for (let i = 1; i < word.length; i++) {
        if (at + i >= text.length) return text.length;
        if (text[at + i] !== word[i]) return at + i;
      }
      at += word.length;
    }
  }
}
