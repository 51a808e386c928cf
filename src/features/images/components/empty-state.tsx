import { navigateSearch } from '../../../lib/use-search-params';
import { isSearchQueryParam } from '../../../contract/search-query';

/** No images: say whether the filters or the account are empty, and offer the way out. */
export function EmptyState({ filtered }: { filtered: boolean }) {
  if (!filtered) {
    return (
      <div className="empty">
        <p className="empty__title">No images in this account yet</p>
        <p>Images uploaded to Cloudflare Images appear here.</p>
      </div>
    );
  }
  return (
    <div className="empty">
      <p className="empty__title">No images match these filters</p>
      <button
        type="button"
        className="button"
        onClick={() =>
          navigateSearch((params) => {
            for (const name of [...params.keys()]) if (isSearchQueryParam(name) && name !== 'per_page') params.delete(name);
          })
        }
      >
        Clear filters
      </button>
    </div>
  );
}
