/**
 * Local mode's batch tokens (docs/CONTRACT.md §10): `GET …/images/v1/batch_token` issues one valid for an hour, and
 * the batch routes under `/batch/images/…` refuse a missing, unknown or expired one (401 / 10000). Held in memory: a
 * restart invalidates every token, and the server that asked for one gets a new one on its next 401.
 */
import { randomBytes } from 'node:crypto';

export const BATCH_TOKEN_TTL_MS = 3_600_000;

export class BatchTokens {
  private readonly tokens = new Map<string, number>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  issue(): { token: string; expiresAt: string } {
    const now = this.now();
    for (const [token, expires] of this.tokens) if (expires <= now) this.tokens.delete(token);
    const token = randomBytes(24).toString('base64url');
    const expires = now + BATCH_TOKEN_TTL_MS;
    this.tokens.set(token, expires);
    return { token, expiresAt: new Date(expires).toISOString() };
  }

  /** Why the `Authorization` header does not hold a valid token, or `null` when it does. */
  refusal(authorization: string | undefined): string | null {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return 'Missing batch token: send Authorization: Bearer <token from GET …/images/v1/batch_token>';
    const expires = this.tokens.get(match[1]!);
    if (expires === undefined) return 'Unknown batch token: get a new one from GET …/images/v1/batch_token';
    if (expires <= this.now()) return 'Expired batch token: get a new one from GET …/images/v1/batch_token';
    return null;
  }
}
