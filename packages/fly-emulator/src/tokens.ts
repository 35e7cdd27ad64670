import type { TokenConfig } from './config.ts';

/**
 * The macaroons or user token inside an Authorization value or a pasted token: schemes (`Bearer `, `FlyV1 `,
 * even both, as users paste them) stripped, comma-joined pieces split, sorted so order does not matter.
 */
export function tokenPieces(raw: string): string[] {
  let rest = raw.trim();
  for (let m = /^(bearer|flyv1)\s+/i.exec(rest); m; m = /^(bearer|flyv1)\s+/i.exec(rest)) {
    rest = rest.slice(m[0].length);
  }
  return rest
    .split(',')
    .map((piece) => piece.trim())
    .filter((piece) => piece.length > 0)
    .sort();
}

/** The configured token an Authorization header carries, or `undefined` when missing or unknown. */
export function findToken(
  header: string | undefined,
  tokens: readonly TokenConfig[],
): TokenConfig | undefined {
  if (header === undefined) return undefined;
  const pieces = tokenPieces(header);
  if (pieces.length === 0) return undefined;
  return tokens.find((token) => {
    const known = tokenPieces(token.token);
    return known.length === pieces.length && known.every((piece, i) => piece === pieces[i]);
  });
}

/** Whether a token's organization and app scope cover an app. */
export function tokenCovers(token: TokenConfig, app: { name: string; org: string }): boolean {
  return token.org === app.org && (token.apps === undefined || token.apps.includes(app.name));
}
