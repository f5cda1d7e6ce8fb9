import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';

import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app.js';
import { LanguageProvider } from './i18n/language.js';
import { SessionProvider } from './session/session.js';
import { theme } from './theme.js';

createRoot(document.getElementById('console')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <LanguageProvider>
        <SessionProvider>
          <App />
        </SessionProvider>
      </LanguageProvider>
    </MantineProvider>
  </StrictMode>,
);
