import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { setUpI18n } from './shared/i18n/i18n';
import './shared/layout/styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html lacks #root');
await setUpI18n();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
