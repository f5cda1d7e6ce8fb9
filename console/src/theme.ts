import { createTheme } from '@mantine/core';

/** System fonts only: nothing is fetched from a font service on a closed network; Thai renders in the platform's Thai face. */
export const theme = createTheme({
  primaryColor: 'indigo',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", "Noto Sans Thai", "Leelawadee UI", Tahoma, sans-serif',
  headings: { fontFamily: 'inherit' },
});
