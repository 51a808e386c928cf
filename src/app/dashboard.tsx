/** The dashboard: composes the features into the layout. Features never import each other; this file does. */
import { ImagesProvider, ImagesToolbar, ImagesView } from '../features/images';
import { useConfig } from '../lib/config';
import { Layout } from './layout';
import { ViewSwitch } from './view-switch';

export function Dashboard() {
  const config = useConfig();
  return (
    <ImagesProvider>
      <Layout
        config={config}
        // FILTER PANEL SLOT: the filters feature mounts its panel here, e.g. filters={<FilterPanel />}.
        filters={null}
        toolbar={
          <>
            <ViewSwitch />
            <ImagesToolbar />
          </>
        }
      >
        <ImagesView />
      </Layout>
    </ImagesProvider>
  );
}
