/** The dashboard: composes the features into the layout. Features never import each other; this file does. */
import { ImagesProvider, ImagesToolbar, ImagesView } from '../features/images';
import { SearchBox } from '../features/search';
import { useConfig } from '../lib/config';
import { FiltersSlot } from './filters-slot';
import { Layout } from './layout';
import { ViewSwitch } from './view-switch';

export function Dashboard() {
  const config = useConfig();
  return (
    <ImagesProvider>
      <Layout
        config={config}
        // FILTER PANEL SLOT: the filters feature's panel (src/app/filters-slot.tsx).
        filters={<FiltersSlot />}
        toolbar={
          <>
            <ViewSwitch />
            <ImagesToolbar />
          </>
        }
      >
        <SearchBox />
        <ImagesView />
      </Layout>
    </ImagesProvider>
  );
}
