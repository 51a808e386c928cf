/**
 * The index's parameters in the address bar (docs/CONTRACT.md §8): `q`, `uploaded[gte]`, `uploaded[lt]`, `private`,
 * written next to the list query like every other filter. The "to" date a person picks is inclusive; the contract's
 * `uploaded[lt]` is exclusive, so it holds the next day.
 */
import { uploadedBound } from '../../../contract/search-query';

const DAY = 86_400_000;

/** `YYYY-MM-DD` of an instant, in UTC (the contract's dates are UTC). */
function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date shown in "From" for `uploaded[gte]`. */
export function fromDateOf(gte: string | null): string {
  const ms = gte === null ? null : uploadedBound(gte);
  return ms === null ? '' : utcDate(ms);
}

/** The inclusive date shown in "To" for `uploaded[lt]`: the day before the exclusive bound. */
export function toDateOf(lt: string | null): string {
  const ms = lt === null ? null : uploadedBound(lt);
  return ms === null ? '' : utcDate(ms - 1);
}

/** `uploaded[lt]` for an inclusive "To" date: the next day, midnight UTC. */
export function ltOfToDate(date: string): string | null {
  const ms = uploadedBound(date);
  return ms === null ? null : utcDate(ms + DAY);
}

/** Sets or removes one parameter, keeping the others and their order. */
export function setParam(params: URLSearchParams, name: string, value: string | null): URLSearchParams {
  if (value === null || value === '') params.delete(name);
  else params.set(name, value);
  return params;
}
