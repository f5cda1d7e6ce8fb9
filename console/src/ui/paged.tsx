import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';

import { fill, useText, type Bilingual } from '../i18n/language.js';

/** A connection as the API pages every list (SPEC: cursor paging). */
export interface Connection<Node> {
  edges: { node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount?: number;
}

const TEXT: Bilingual<'next' | 'first' | 'count'> = {
  th: { next: 'หน้าถัดไป', first: 'หน้าแรก', count: 'ทั้งหมด {total} รายการ · หน้า {page}' },
  en: { next: 'Next page', first: 'First page', count: '{total} in all · page {page}' },
};

/**
 * Walks a connection page by page: `after` is the cursor for the query, `controls` the buttons. The
 * whole list is reachable however long it is; going back returns to the first page (cursors run forward).
 */
export function usePages() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const t = useText(TEXT);
  const controls = (connection: Connection<unknown> | undefined) =>
    connection ? (
      <Group justify="space-between" mt="sm">
        <Text size="sm" c="dimmed">
          {fill(t.count, { total: connection.totalCount ?? connection.edges.length, page: cursors.length })}
        </Text>
        <Group>
          <Button variant="default" size="xs" disabled={cursors.length === 1} onClick={() => setCursors([null])}>
            {t.first}
          </Button>
          <Button
            variant="default"
            size="xs"
            disabled={!connection.pageInfo.hasNextPage}
            onClick={() => setCursors([...cursors, connection.pageInfo.endCursor])}
          >
            {t.next}
          </Button>
        </Group>
      </Group>
    ) : null;
  return { after, controls, reset: () => setCursors([null]) };
}
