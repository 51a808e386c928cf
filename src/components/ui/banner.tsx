import type { ReactNode } from 'react';

/** A page-level message: errors with a way out (Retry), or a warning. */
export function Banner({
  tone = 'error',
  title,
  children,
  actions,
}: {
  tone?: 'error' | 'warning' | 'info';
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className={`banner banner--${tone}`} role={tone === 'error' ? 'alert' : undefined}>
      <div className="banner__body">
        <p className="banner__title">{title}</p>
        {children}
      </div>
      {actions ? <div className="banner__actions">{actions}</div> : null}
    </div>
  );
}
