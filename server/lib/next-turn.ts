/**
 * Resolves after the pending I/O callbacks and microtasks: on Node `setImmediate`, elsewhere (Workers) a zero
 * timeout. For work that yields to requests waiting behind it.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}
