import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { createQueryClient } from './app/provider';
import { startLoading } from './app/start-loading';
import { earlyRequestsStarted } from './lib/early-requests';
import { settledWithin } from './lib/settled-within';
import './styles.css';

/**
 * How long the first render waits for the first screen's page once the app has asked for it. Usually it is in already
 * (src/early.ts asked for it while this bundle downloaded) and the wait is a few microtasks; against a slow API the
 * page keeps its static skeleton (index.html) meanwhile and the app renders its own after this.
 */
const FIRST_SCREEN_WAIT_MS = 250;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// The first render waits (at most 300 ms) for src/early.ts to have started the first list requests, then (at most
// FIRST_SCREEN_WAIT_MS) for the first screen's page: it is then the dashboard with its images, at once.
void earlyRequestsStarted(300)
  .then(() => {
    const queryClient = createQueryClient();
    return settledWithin(startLoading(queryClient), FIRST_SCREEN_WAIT_MS).then(() => queryClient);
  })
  .then((queryClient) =>
    createRoot(root).render(
      <StrictMode>
        <App queryClient={queryClient} />
      </StrictMode>,
    ),
  );
