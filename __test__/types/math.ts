// A module for the type tests to name with `typeof import('./math')` (never run).
export const answer = 42
export function double(n: number): number {
  return n * 2
}
export class Counter {
  count = 0
  increment(): number {
    return ++this.count
  }
}
