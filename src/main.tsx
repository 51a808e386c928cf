import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { earlyRequestsStarted } from './lib/early-requests';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// The first render waits (at most 300 ms) for src/early.ts to have started the first list requests.
void earlyRequestsStarted(300).then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
