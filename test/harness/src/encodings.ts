/**
 * Escaped forms of a secret. The runner masks `maskedForms` in the log; `leakForms` are the encodings a leak
 * check looks for in places the runner never masks.
 */

/** A named encoding of a secret value. */
export interface EncodedForm {
  form: string;
  text: string;
}

/** The forms the runner replaces with `***`: the value, each of its lines, base64, JSON, URI and XML escapes. */
export function maskedForms(value: string): string[] {
  const values = [value, ...value.split(/\r?\n/)].filter((item) => item.trim() !== '');
  return unique(
    values.flatMap((item) => [
      item,
      ...base64Forms(item, 'base64'),
      jsonEscape(item),
      uriDataEscape(item),
      xmlEscape(item),
    ]),
  ).filter((text) => text !== '');
}

/** Raw, base64, base64url, hex, URI-encoded and JSON-escaped forms; duplicates of an earlier form are dropped. */
export function leakForms(value: string): EncodedForm[] {
  const forms: EncodedForm[] = [
    { form: 'raw', text: value },
    { form: 'json', text: jsonEscape(value) },
    { form: 'uri', text: encodeURIComponent(value) },
    { form: 'uri', text: uriDataEscape(value) },
    ...base64Forms(value, 'base64').map((text) => ({ form: 'base64', text })),
    ...base64Forms(value, 'base64url').map((text) => ({ form: 'base64url', text })),
    { form: 'hex', text: Buffer.from(value).toString('hex') },
    { form: 'hex', text: Buffer.from(value).toString('hex').toUpperCase() },
  ];
  const seen = new Set<string>();
  return forms.filter(({ text }) => {
    if (text === '' || seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/**
 * Base64 of the value as it appears inside a longer encoded stream, like the runner's base64 maskers: unpadded,
 * starting 0, 1 or 2 bytes in (the offset decides which bytes share a 3-byte group with what comes before), and
 * without a last character that depends on the bytes that follow. Forms under 4 (shifted: 8) characters are left
 * out: they would match by chance.
 */
function base64Forms(value: string, encoding: 'base64' | 'base64url'): string[] {
  const bytes = Buffer.from(value);
  const forms: string[] = [];
  for (const shift of [0, 1, 2]) {
    const rest = bytes.subarray(shift);
    let text = rest.toString(encoding).replace(/=+$/, '');
    if (rest.length % 3 !== 0) text = text.slice(0, -1);
    if (text.length >= (shift === 0 ? 4 : 8)) forms.push(text);
  }
  return unique(forms);
}

function jsonEscape(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** .NET's `Uri.EscapeDataString`: everything but unreserved characters is percent-encoded. */
function uriDataEscape(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function xmlEscape(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
