/**
 * Unsaved work on screen (the detail panel's metadata editor) registers a guard; moving the view away from it
 * without closing it (the panel's ←/→ and Previous/Next) asks every guard first. A guard answers `false` to hold the
 * move (and says why on screen), `true` to let it go. Here, not in a feature, because features never import each
 * other (docs/dashboard.md "For contributors").
 */
type LeaveGuard = () => boolean;

const guards = new Set<LeaveGuard>();

/** Registers `guard`; returns the function that removes it (an effect's cleanup). */
export function addLeaveGuard(guard: LeaveGuard): () => void {
  guards.add(guard);
  return () => void guards.delete(guard);
}

/** Whether the view may move on: every guard is asked, so each can say why it holds. */
export function mayLeave(): boolean {
  let ok = true;
  for (const guard of [...guards]) if (!guard()) ok = false;
  return ok;
}
