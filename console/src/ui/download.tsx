import { Button } from '@mantine/core';
import { useState } from 'react';
import type { CombinedError } from 'urql';

import { ErrorNotice } from '../api/errors.js';
import { useSession } from '../session/session.js';

/**
 * A `/downloads/...` document fetched with the person's token (a download needs `Authorization: Bearer`,
 * which a plain link cannot send), then saved (CSV) or opened in a new tab (HTML) from a blob URL.
 */
export function DownloadButton({
  href,
  filename,
  label,
  open,
  testId,
}: {
  href: string;
  filename: string;
  label: string;
  open?: boolean;
  testId?: string;
}) {
  const { token } = useSession();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const download = async () => {
    setBusy(true);
    setFailure(undefined);
    // A tab opened before the fetch keeps the click's permission to open a window.
    const tab = open ? window.open('', '_blank') : null;
    try {
      const response = await fetch(href, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { errors?: { extensions?: { code?: string } }[] } | null;
        throw new Error(body?.errors?.[0]?.extensions?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : 'UNKNOWN'));
      }
      const url = URL.createObjectURL(await response.blob());
      if (tab) tab.location.href = url;
      else {
        const link = document.createElement('a');
        link.href = url;
        link.download = filename;
        document.body.append(link);
        link.click();
        link.remove();
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      tab?.close();
      setFailure(error instanceof Error && /^[A-Z_]+$/.test(error.message) ? error.message : 'NETWORK');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="default" size="xs" loading={busy} onClick={() => void download()} data-testid={testId}>
        {label}
      </Button>
      {failure && (
        <ErrorNotice
          error={
            (failure === 'NETWORK'
              ? { graphQLErrors: [], networkError: new Error(failure) }
              : { graphQLErrors: [{ extensions: { code: failure } }], networkError: undefined }) as unknown as CombinedError
          }
        />
      )}
    </>
  );
}
