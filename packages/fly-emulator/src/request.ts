import type { z } from 'zod';
import type { TokenConfig } from './config.ts';
import { ApiError, readText } from './http.ts';
import type { Call } from './router.ts';

/** Reads and validates a JSON body: 400 naming each bad field; an empty body is `{}` when `optional`. */
export async function parseJsonBody<T extends z.ZodType>(
  call: Call,
  schema: T,
  optional = false,
): Promise<z.output<T>> {
  const text = await readText(call.req);
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'request body is not valid JSON');
    }
  } else if (!optional) {
    throw new ApiError(400, 'request body is required');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ApiError(
      400,
      parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}

/** Who a token acts as (lease owners, release users). */
export function ownerOf(token: TokenConfig): string {
  return token.owner ?? `${token.org}@users.emulator`;
}
