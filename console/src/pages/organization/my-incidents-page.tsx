import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { gql, useQuery, useSubscription } from 'urql';

import { ErrorNotice } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { dateTime } from '../../i18n/dates.js';
import { useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { Countdown } from '../../ui/countdown.js';
import { usePages, type Connection } from '../../ui/paged.js';

export const MY_INCIDENTS = gql`
  query ConsoleMyIncidents($after: String, $filter: IncidentFilter) {
    incidents(first: 20, after: $after, filter: $filter) {
      totalCount
      edges {
        node {
          id
          status
          severity
          reportedSeverity
          categories
          detectedAt
          referenceNumber
          currentRevision
          reportDueAt
          reportFiledAt
          overdue
          closedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const MY_INCIDENT_EVENTS = gql`
  subscription ConsoleMyIncidentEvents {
    incidentEvents {
      sequence
      type
      incident {
        id
      }
    }
  }
`;

interface MyIncident {
  id: string;
  status: string;
  severity: string;
  reportedSeverity: string;
  categories: string[];
  detectedAt: string;
  referenceNumber: string | null;
  currentRevision: number;
  reportDueAt: string | null;
  reportFiledAt: string | null;
  overdue: boolean;
  closedAt: string | null;
}

const TEXT: Bilingual<
  | 'title'
  | 'notify'
  | 'show'
  | 'open'
  | 'closed'
  | 'all'
  | 'detected'
  | 'level'
  | 'categories'
  | 'status'
  | 'deadline'
  | 'reference'
  | 'none'
  | 'view'
> = {
  th: {
    title: 'เหตุภัยคุกคามของหน่วยงาน',
    notify: 'แจ้งเหตุใหม่ (ก1)',
    show: 'แสดง',
    open: 'ยังไม่ปิด',
    closed: 'ปิดแล้ว',
    all: 'ทั้งหมด',
    detected: 'ทราบเหตุเมื่อ',
    level: 'ระดับ',
    categories: 'หมวดหมู่',
    status: 'สถานะ',
    deadline: 'กำหนดส่ง ก2',
    reference: 'หมายเลขอ้างอิง',
    none: 'ยังไม่มีเหตุการณ์',
    view: 'ดู',
  },
  en: {
    title: "The organization's incidents",
    notify: 'Notify a new threat (A1)',
    show: 'Show',
    open: 'Open',
    closed: 'Closed',
    all: 'All',
    detected: 'Detected',
    level: 'Level',
    categories: 'Categories',
    status: 'Status',
    deadline: 'A2 due',
    reference: 'Reference',
    none: 'No incidents yet',
    view: 'View',
  },
};

const FILTERS: Record<string, { open?: boolean }> = { open: { open: true }, closed: { open: false }, all: {} };

/** The organization's own incidents, newest detection first, live: status, level and the ก2 countdown. */
export function MyIncidentsPage() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const pages = usePages();
  const [show, setShow] = useState('open');
  const [{ data, error }, reload] = useQuery<{ incidents: Connection<MyIncident> | null }>({
    query: MY_INCIDENTS,
    variables: { after: pages.after, filter: FILTERS[show] },
  });
  // Any change to one of its incidents: ask again (the list's order, filter and counts may all change).
  useSubscription({ query: MY_INCIDENT_EVENTS }, (_previous: unknown, event: unknown) => {
    reload({ requestPolicy: 'network-only' });
    return event;
  });
  const incidents = data?.incidents;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t.title}</Title>
        <Group align="flex-end">
          <Select
            label={t.show}
            w={160}
            allowDeselect={false}
            value={show}
            onChange={(value) => {
              setShow(value ?? 'open');
              pages.reset();
            }}
            data={[
              { value: 'open', label: t.open },
              { value: 'closed', label: t.closed },
              { value: 'all', label: t.all },
            ]}
          />
          <Button component="a" href="#/organization/notify" data-testid="incidents-notify">
            {t.notify}
          </Button>
        </Group>
      </Group>
      <ErrorNotice error={error} />
      <Table.ScrollContainer minWidth={980}>
        <Table striped highlightOnHover data-testid="my-incidents">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t.detected}</Table.Th>
              <Table.Th>{t.level}</Table.Th>
              <Table.Th>{t.categories}</Table.Th>
              <Table.Th>{t.status}</Table.Th>
              <Table.Th>{t.deadline}</Table.Th>
              <Table.Th>{t.reference}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {incidents?.edges.map(({ node }) => (
              <Table.Tr key={node.id} data-testid={`incident-row-${node.id}`}>
                <Table.Td>
                  <Anchor href={`#/incidents/${node.id}`}>{dateTime(node.detectedAt, language)}</Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge
                    variant="light"
                    color={node.severity.startsWith('CRITICAL') ? 'red' : node.severity === 'SERIOUS' ? 'orange' : 'gray'}
                  >
                    {vocabulary.label('ThreatLevel', node.severity)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{node.categories.map((c) => vocabulary.label('ThreatCategory', c)).join(', ')}</Text>
                </Table.Td>
                <Table.Td>{vocabulary.label('IncidentStatus', node.status)}</Table.Td>
                <Table.Td>{node.status === 'CLOSED' ? '—' : <Countdown dueAt={node.reportDueAt} met={!!node.reportFiledAt} />}</Table.Td>
                <Table.Td>{node.referenceNumber ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {incidents && incidents.edges.length === 0 && <Text c="dimmed">{t.none}</Text>}
      {pages.controls(incidents ?? undefined)}
    </Stack>
  );
}
