/** A link whose list parameters break the contract: say exactly what is wrong, offer to drop the filters. */
import { Banner } from '../../../components/ui/banner';
import type { ContractError } from '../../../contract/list-query';
import { navigateSearch } from '../../../lib/use-search-params';
import { isSearchQueryParam } from '../../../contract/search-query';

export function InvalidLinkBanner({ errors }: { errors: readonly ContractError[] }) {
  const clear = () =>
    navigateSearch((params) => {
      for (const name of [...params.keys()]) if (isSearchQueryParam(name)) params.delete(name);
    });
  return (
    <Banner
      title="This link's list query is not valid"
      actions={
        <button type="button" className="button" onClick={clear}>
          Clear filters
        </button>
      }
    >
      <ul className="banner__list">
        {errors.map((error) => (
          <li key={error.message}>
            {error.message} <span className="banner__code">(code {error.code})</span>
          </li>
        ))}
      </ul>
    </Banner>
  );
}
