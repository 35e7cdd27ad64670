/**
 * Encoded forms of a secret. `runnerEncodings` are exactly what the runner's secret masker replaces with `***`
 * (actions/runner src/Runner.Common/HostContext.cs registers these encoders, src/Sdk/DTLogging/Logging/
 * ValueEncoders.cs defines them); `leakForms` are every form a reader could decode, which the leak check looks for.
 * The leak check must look for more than the masker masks, never less: a form the runner leaves readable is a leak.
 */

/** A named encoding of a secret value. */
export interface EncodedForm {
  form: string;
  text: string;
}

/**
 * The value and what each encoder the runner registers makes of it, empty results dropped (SecretMasker.AddValue
 * skips them). Nothing else: a harness masking more than the runner would hide what users see.
 */
export function runnerEncodings(value: string): string[] {
  return unique(
    [
      value,
      Buffer.from(value).toString('base64'),
      base64Shift(value, 1),
      base64Shift(value, 2),
      value.replace(/"/g, '\\"'), // CommandLineArgumentEscape
      value.replace(/'/g, "''"), // ExpressionStringEscape
      newtonsoftJsonEscape(value),
      uriDataEscape(value),
      xmlEscape(value),
      trimDoubleQuotes(value),
      powerShellPreAmpersand(value),
      powerShellPostAmpersand(value),
    ].filter((text) => text !== ''),
  );
}

/**
 * The values `::add-mask::` registers (ActionCommandManager.cs AddMaskCommandExtension): the whole value as given,
 * then each line of it split on CR or LF, trimmed, empty ones dropped. Each is run through the encoders.
 */
export function maskedValues(value: string): string[] {
  return unique([value, ...maskedLines(value)]);
}

/** The lines of a value the runner registers on their own: split on CR or LF, trimmed, empty ones dropped. */
export function maskedLines(value: string): string[] {
  return value
    .split(/[\r\n]/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * Every form of a secret a reader could decode from text: the value, trimmed, and each line of it; each raw, JSON-,
 * URI-, form-, XML- and command-line-escaped, hex, and base64 / base64url at any byte offset inside a longer stream.
 * `minimumLength` drops pieces (lines) too short to mean anything on their own.
 */
export function leakForms(value: string, minimumLength: number): EncodedForm[] {
  const pieces = unique([value, value.trim(), ...maskedLines(value)]).filter(
    (piece) => piece.length >= minimumLength,
  );
  const forms: EncodedForm[] = pieces.flatMap((piece) => {
    const hex = Buffer.from(piece).toString('hex');
    return [
      { form: 'raw', text: piece },
      { form: 'json', text: JSON.stringify(piece).slice(1, -1) },
      { form: 'json', text: newtonsoftJsonEscape(piece) },
      { form: 'uri', text: encodeURIComponent(piece) },
      { form: 'uri', text: uriDataEscape(piece) },
      { form: 'uri', text: new URLSearchParams({ v: piece }).toString().slice(2) },
      { form: 'xml', text: xmlEscape(piece) },
      { form: 'xml', text: xmlEscape(piece).replace(/&apos;/g, '&#39;') },
      { form: 'escaped', text: piece.replace(/"/g, '\\"') },
      ...base64Inside(piece, 'base64').map((text) => ({ form: 'base64', text })),
      ...base64Inside(piece, 'base64url').map((text) => ({ form: 'base64url', text })),
      { form: 'hex', text: hex },
      { form: 'hex', text: hex.toUpperCase() },
    ];
  });
  const seen = new Set<string>();
  return forms.filter(({ text }) => {
    if (text === '' || seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/**
 * Base64 of the value as it appears inside a longer encoded stream: unpadded, starting 0, 1 or 2 bytes in (the
 * offset decides which bytes share a 3-byte group with what comes before), and without a last character that
 * depends on the bytes that follow. This is what a reader decodes from `base64(prefix + secret + suffix)`, which the
 * runner's padded encoders do not match unless the secret starts on a group boundary and ends the stream. Forms
 * under 4 (shifted: 8) characters are left out: they would match by chance.
 */
function base64Inside(value: string, encoding: 'base64' | 'base64url'): string[] {
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

/** ValueEncoders.Base64StringEscapeShift: padded base64 of the bytes after `shift`, or of all when too short. */
function base64Shift(value: string, shift: number): string {
  const bytes = Buffer.from(value);
  return (bytes.length > shift ? bytes.subarray(shift) : bytes).toString('base64');
}

/**
 * Newtonsoft's `JsonConvert.ToString` without its quotes (ValueEncoders.JsonStringEscape). Hand-written because
 * `JSON.stringify` differs from it: Newtonsoft also escapes U+0085, U+2028 and U+2029, and leaves lone surrogates
 * as they are.
 */
function newtonsoftJsonEscape(value: string): string {
  const named: Record<string, string> = {
    '"': '\\"',
    '\\': '\\\\',
    '\b': '\\b',
    '\f': '\\f',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
  };
  let result = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (named[char] !== undefined) result += named[char];
    else if (code < 0x20 || code === 0x85 || code === 0x2028 || code === 0x2029)
      result += `\\u${code.toString(16).padStart(4, '0')}`;
    else result += char;
  }
  return result;
}

/**
 * .NET's `Uri.EscapeDataString` (ValueEncoders.UriDataEscape): every UTF-8 byte but the RFC 3986 unreserved
 * characters percent-encoded, upper-case hex; a lone surrogate becomes U+FFFD as in .NET, where
 * `encodeURIComponent` would throw.
 */
function uriDataEscape(value: string): string {
  let result = '';
  for (const byte of Buffer.from(value)) {
    const char = String.fromCharCode(byte);
    result += /[A-Za-z0-9\-_.~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return result;
}

/** .NET's `SecurityElement.Escape` (ValueEncoders.XmlDataEscape). */
function xmlEscape(value: string): string {
  const entities: Record<string, string> = {
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&apos;',
    '&': '&amp;',
  };
  return value.replace(/[<>"'&]/g, (char) => entities[char] ?? char);
}

/** ValueEncoders.TrimDoubleQuotes: a value over 8 characters wrapped in `"`, without them; else nothing. */
function trimDoubleQuotes(value: string): string {
  return value.length > 8 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : '';
}

/** ValueEncoders.PowerShellPreAmpersandEscape: the part up to `&+` (or the last `&`), if 6 characters or more. */
function powerShellPreAmpersand(value: string): string {
  if (!value.includes('&')) return '';
  const section = value.includes('&+')
    ? value.slice(0, value.indexOf('&+') + 2)
    : value.slice(0, value.lastIndexOf('&') + 1);
  return section.length >= 6 ? section : '';
}

/**
 * ValueEncoders.PowerShellPostAmpersandEscape: the part after `&+` and the one coloured letter after it (or after
 * the last `&`), if 6 characters or more.
 */
function powerShellPostAmpersand(value: string): string {
  if (!value.includes('&')) return '';
  let section = '';
  if (value.includes('&+')) {
    const start = value.indexOf('&+') + 2;
    if (value.length > start + 1) section = value.slice(start + 1);
  } else {
    section = value.slice(value.lastIndexOf('&') + 1);
  }
  return section.length >= 6 ? section : '';
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
