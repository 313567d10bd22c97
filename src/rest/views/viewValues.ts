/**
 * What /admin answers, one explicit type and mapper per resource (views/*.ts): camelCase as REST clients
 * expect (domain words as the spec writes them: idPSP, idChannel, noticeNumber), ISO times, real booleans and
 * numbers (SQLite gives 0/1 and PostgreSQL bigint strings). Only the fields listed there leave the server: a
 * new column changes nothing until it is added, and what means nothing outside (lease owners, foreign keys
 * already in the URL, raw JSON text) never goes out. This file holds the value conversions they share.
 */

export type Iso = string | null;
export const iso = (ms: number | string | null | undefined): Iso => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());
export const bool = (v: boolean | number | null) => v === true || Number(v) === 1;
export const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));
export const parsed = (json: string | null): unknown => (json ? JSON.parse(json) : null);

/** Every /admin list: one page and the total. */
export interface PageView<T> {
  total: number;
  limit: number;
  offset: number;
  items: T[];
}
