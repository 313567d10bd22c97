import type { Request } from 'express';
import { boundedInt, INT32_MAX } from './queryParams';

export const ADMIN_MAX_LIMIT = 500;

/**
 * The part every paginated /admin list checks the same way: only known parameters, each given once, an
 * empty value meaning "no filter", limit 1..500 (50) and offset 0..2^31-1. A string is the 400's detail.
 */
export function pagedQuery(query: Request['query'], known: readonly string[]): { q: Record<string, string>; limit: number; offset: number } | string {
  const q: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (!known.includes(name)) return `unknown parameter "${name}"; known: ${known.join(', ')}`;
    if (typeof value !== 'string') return `${name} must be given once, as a plain value`;
    if (value !== '') q[name] = value;
  }
  const limit = q.limit === undefined ? 50 : boundedInt('limit', q.limit, 1, ADMIN_MAX_LIMIT);
  if (typeof limit === 'string') return limit;
  const offset = q.offset === undefined ? 0 : boundedInt('offset', q.offset, 0, INT32_MAX);
  if (typeof offset === 'string') return offset;
  return { q, limit, offset };
}
