import { Alert } from '@mantine/core';
import { useState } from 'react';

import { ERROR_TEXT } from '../api/error-text.js';
import { useLanguage } from '../i18n/language.js';
import { useSession } from '../session/session.js';

/** What a refused download answered: its `extensions.code`, for {@link ERROR_TEXT}. */
export class DownloadRefused extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * The gateway's `/downloads/...` documents (CSV, printable HTML) need the token as a bearer header,
 * which a plain link cannot send: fetch them with it, then show or save the answer from a blob URL.
 * `open` shows an HTML page in a new tab (to print it), `save` saves a file under `filename`.
 */
export function useDownload() {
  const { token } = useSession();
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string | undefined>();
  const fetchBlob = async (path: string): Promise<Blob | undefined> => {
    setBusy(true);
    setRefused(undefined);
    try {
      const res = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { errors?: { extensions?: { code?: string } }[] } | null;
        throw new DownloadRefused(body?.errors?.[0]?.extensions?.code ?? 'UNKNOWN');
      }
      return await res.blob();
    } catch (error) {
      setRefused(error instanceof DownloadRefused ? error.code : 'NETWORK');
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return {
    busy,
    /** The error code of the last refused download, if it was. */
    refused,
    async open(path: string): Promise<void> {
      // Opened before the answer arrives, so the browser takes it as the click's own window.
      const tab = window.open('', '_blank');
      const blob = await fetchBlob(path);
      if (!blob) return void tab?.close();
      const url = URL.createObjectURL(blob);
      if (tab) tab.location.href = url;
      else window.location.assign(url);
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    async save(path: string, filename: string): Promise<void> {
      const blob = await fetchBlob(path);
      if (!blob) return;
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = filename;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  };
}

/** A refused download, in the person's language (from its error code). */
export function DownloadRefusedNotice({ code }: { code: string | undefined }) {
  const { language } = useLanguage();
  if (!code) return null;
  return <Alert color="red" role="alert" title={ERROR_TEXT[language][code] ?? ERROR_TEXT[language].UNKNOWN} />;
}
