/** The dashboard: composes the features into the layout. Features never import each other; this file does. */
import type { ReactNode } from 'react';
import { ImageCount, JobPanel } from '../features/actions';
import { ImagesProvider, ImagesToolbar, ImagesView } from '../features/images';
import { SearchBox } from '../features/search';
import { canWrite, useConfig } from '../lib/config';
import { ActionProviders, UploadButton, UploadDropZone, useActionSlots } from './action-slots';
import { FiltersSlot } from './filters-slot';
import { Layout } from './layout';
import { ViewSwitch } from './view-switch';

export function Dashboard() {
  const config = useConfig();
  const writes = canWrite(config);
  const actionSlots = useActionSlots();
  const content = (
    <ImagesProvider slots={writes ? actionSlots : undefined}>
      <Layout
        config={config}
        headerExtra={
          <>
            <ImageCount accountId={config.accountId} />
            {writes ? <UploadButton /> : null}
          </>
        }
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
        {writes ? <Writable /> : <ImagesView />}
      </Layout>
    </ImagesProvider>
  );
  return writes ? <ActionProviders>{content}</ActionProviders> : content;
}

/** The results with the bulk job's panel above them and files droppable anywhere on them. */
function Writable(): ReactNode {
  return (
    <>
      <JobPanel />
      <UploadDropZone>
        <ImagesView />
      </UploadDropZone>
    </>
  );
}
