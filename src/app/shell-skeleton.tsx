/** What shows while `/api/config` loads: the shell's outline, so nothing jumps when it arrives. */
export function ShellSkeleton() {
  return (
    <div className="shell" aria-busy="true">
      <header className="shell__header">
        <span className="brand">
          <span className="brand__mark" aria-hidden="true" />
          Cloudflare Images Explorer
        </span>
      </header>
      <main className="shell__main">
        <p className="visually-hidden">Loading…</p>
      </main>
    </div>
  );
}
