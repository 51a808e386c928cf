/**
 * "Show the request": the list query string the dashboard sends, and the same request for use elsewhere, as cURL
 * against Cloudflare and as code for the `cloudflare` SDK. Neither ever holds a credential.
 */
import { Fragment, useId, useState } from 'react';
import type { ListQuery } from '../../../contract/list-query';
import type { IndexStatus } from '../../../contract/search-query';
import { copyText } from '../../../lib/clipboard';
import { formatCount, formatRelativeTime } from '../../../lib/format';
import { curlSnippet, sdkSnippet } from '../lib/request-snippets';
import { listQueryString } from '../lib/url-state';

/** What the account index answered, when the query needs it (docs/CONTRACT.md §8). */
export interface IndexAnswer {
  /** The whole query string sent to `/api/images`. */
  search: string;
  total?: number;
  index?: IndexStatus;
}

/** "from the index: 12,345 images, walked 4 minutes ago" */
export function indexAnswerText(answer: IndexAnswer, now = Date.now()): string {
  const count = answer.total === undefined ? 'counting…' : `${formatCount(answer.total)} ${answer.total === 1 ? 'image' : 'images'}`;
  const index = answer.index;
  const walked =
    index === undefined
      ? ''
      : index.state === 'building'
        ? `, the index is still being built (${formatCount(index.indexed)} indexed so far)`
        : index.updated
          ? `, walked ${formatRelativeTime(index.updated, now)}`
          : '';
  return `from the index: ${count}${walked}`;
}

export function RequestPreview({ query, indexAnswer }: { query: Omit<ListQuery, 'continuationToken'>; indexAnswer?: IndexAnswer }) {
  const [status, setStatus] = useState('');
  const [open, setOpen] = useState(false);
  const id = useId();
  const search = indexAnswer ? indexAnswer.search : listQueryString(query);

  const copy = async (what: string, text: string) => {
    try {
      await copyText(text);
      setStatus(`Copied ${what}`);
    } catch (error) {
      setStatus(`Could not copy ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  return (
    <section className="fb-request" aria-label="Request">
      <button
        type="button"
        className="fb-request__toggle"
        aria-expanded={open}
        aria-controls={`${id}-body`}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> Show the request
      </button>
      {open ? (
        <div id={`${id}-body`}>
          <p className="fb-request__label" id={`${id}-label`}>
            Query string sent to <code>{indexAnswer ? '/api/images' : '/images/v2'}</code>
          </p>
          <pre className="fb-request__query" aria-labelledby={`${id}-label`} tabIndex={0}>
            <code>
              {search
                ? // A line may break before each `&`, so that each parameter reads as a unit.
                  search.split('&').map((part, i) => (
                    <Fragment key={i}>
                      {i > 0 ? <wbr /> : null}
                      {i === 0 ? '?' : '&'}
                      {part}
                    </Fragment>
                  ))
                : '(no parameters)'}
            </code>
          </pre>
          {indexAnswer ? (
            <>
              <p className="fb-request__index">{indexAnswerText(indexAnswer)}</p>
              <p className="fb-row__hint">
                Cloudflare&rsquo;s list API cannot search by filename or id, upload date or privacy, so this query is answered
                by this server&rsquo;s index of the account; there is no Cloudflare request to copy.
              </p>
            </>
          ) : (
          <>
          <div className="fb-request__actions">
            <button type="button" className="button button--small" onClick={() => void copy('cURL command', curlSnippet(query))}>
              Copy as cURL
            </button>
            <button type="button" className="button button--small" onClick={() => void copy('SDK code', sdkSnippet(query))}>
              Copy as code
            </button>
            <span aria-live="polite" className="muted fb-request__status">
              {status}
            </span>
          </div>
          <p className="fb-row__hint">
            cURL reads <code>$CLOUDFLARE_API_TOKEN</code> and <code>$CLOUDFLARE_ACCOUNT_ID</code> from your shell; the
            code uses the official <code>cloudflare</code> npm package.
          </p>
          </>
          )}
        </div>
      ) : null}
    </section>
  );
}
