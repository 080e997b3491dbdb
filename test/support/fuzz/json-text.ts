/**
 * JSON as the fuzz writes it: a tree that can say what JSON.stringify cannot — an object with the
 * same key twice or an own `__proto__` key, a number written `1e999` (Infinity once parsed) or `-0` —
 * serialised to the exact text sent, and shown in a report with huge runs shortened.
 */
export type Json = null | boolean | string | JsonNumber | JsonObject | Json[];

/** A number as written in the text (`12`, `1e999`, `-0`, `1.0000000000000002`). */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** An object as a list of entries: keys may repeat and may be `__proto__`. */
export class JsonObject {
  constructor(readonly entries: [string, Json][]) {}
}

export const num = (n: number | string): JsonNumber => new JsonNumber(typeof n === 'string' ? n : Object.is(n, -0) ? '-0' : String(n));
export const obj = (entries: [string, Json][]): JsonObject => new JsonObject(entries);

/** A JSON string literal; lone surrogates and NUL written as \u escapes (as JSON.stringify does for lone surrogates). */
const str = (s: string): string => JSON.stringify(s);

/** The text of a tree, without recursion limits of its own (deep bodies are part of the fuzz). */
export function toJsonText(value: Json): string {
  const out: string[] = [];
  const stack: (Json | { close: string } | { sep: string })[] = [value];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item !== null && typeof item === 'object' && 'close' in item) out.push(item.close);
    else if (item !== null && typeof item === 'object' && 'sep' in item) out.push(item.sep);
    else if (item === null) out.push('null');
    else if (typeof item === 'boolean') out.push(String(item));
    else if (typeof item === 'string') out.push(str(item));
    else if (item instanceof JsonNumber) out.push(item.text);
    else if (item instanceof JsonObject) {
      out.push('{');
      stack.push({ close: '}' });
      for (let i = item.entries.length - 1; i >= 0; i--) {
        const [k, v] = item.entries[i];
        stack.push(v, { sep: `${str(k)}:` });
        if (i > 0) stack.push({ sep: ',' });
      }
    } else {
      out.push('[');
      stack.push({ close: ']' });
      for (let i = item.length - 1; i >= 0; i--) {
        stack.push(item[i]);
        if (i > 0) stack.push({ sep: ',' });
      }
    }
  }
  return out.join('');
}

/** A text for a report: runs of one character longer than 40 shown as ‹'x' × 100000›, the whole cut at `max`. */
export function shorten(text: string, max = 1500): string {
  const squeezed = text.replace(/(.)\1{39,}/gsu, (run: string, c: string) => `‹${JSON.stringify(c)} × ${[...run].length}›`);
  return squeezed.length <= max ? squeezed : `${squeezed.slice(0, max)}… (${squeezed.length} characters in all)`;
}
