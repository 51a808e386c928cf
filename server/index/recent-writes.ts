/**
 * The images written through the proxy lately, and when (docs/CONTRACT.md §8). A list answer that was asked for
 * before a write may arrive after it, showing the image as it was; recording it would undo the write in the index (a
 * deleted image found again, an edit lost) until the next walk. The feed (list-answer-feed.ts) leaves out of such an
 * answer every image written since its request was sent; the §7 routes (image-routes.ts) do the same with a details answer.
 *
 * Kept for `keepMs`: an answer whose request is older than that is not recorded at all (no list answer takes that
 * long; the upstream timeout ends it first). Memory is bounded by the writes of that span.
 */
export class RecentWrites {
  /** Image id → when it was last written; in the order of writing (an id written again moves to the end). */
  readonly #at = new Map<string, number>();

  constructor(
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called as a write's answer is recorded in the index. */
  note(id: string): void {
    this.#forgetOld();
    this.#at.delete(id);
    this.#at.set(id, this.now());
  }

  /**
   * The images of a list answer whose request was sent at `requestedAt` that no write has changed since; none when
   * the request is too old to tell.
   */
  unchangedSince<T extends { id: string }>(images: readonly T[], requestedAt: number): readonly T[] {
    this.#forgetOld();
    if (this.now() - requestedAt >= this.keepMs) return [];
    if (this.#at.size === 0) return images;
    // A write in the same millisecond as the request counts as after it: the write's own answer is the surer one.
    return images.filter((image) => (this.#at.get(image.id) ?? -Infinity) < requestedAt);
  }

  #forgetOld(): void {
    const before = this.now() - this.keepMs;
    for (const [id, at] of this.#at) {
      if (at >= before) break;
      this.#at.delete(id);
    }
  }
}
