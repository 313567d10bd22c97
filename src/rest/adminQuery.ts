import type { Request } from 'express';

/**
 * The part every paginated /admin list checks the same way: only known parameters, each given once, an
 * empty value meaning "no filter", limit 1..500 (50) and offset ≥ 0. A string is the 400's detail.
 */
export function pagedQuery(query: Request['query'], known: readonly string[]): { q: Record<string, string>; limit: number; offset: number } | string {
  const q: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!known.includes(name)) return `unknown parameter "${name}"; known: ${known.join(', ')}`;
    if (typeof value !== 'string') return `${name} must be given once, as a plain value`;
    if (value !== '') q[name] = value;
  }
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  const offset = q.offset === undefined ? 0 : Number(q.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) return 'limit must be an integer between 1 and 500';
  if (!Number.isInteger(offset) || offset < 0) return 'offset must be a non-negative integer';
  return { q, limit, offset };
}
