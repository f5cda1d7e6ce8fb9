import { Badge, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { gql, useMutation, useQuery } from 'urql';

import { ErrorNotice, useFieldProblems } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { dateTime } from '../../i18n/dates.js';
import { useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { usePages, type Connection } from '../../ui/paged.js';

export const MAIL_DELIVERIES = gql`
  query ConsoleMailDeliveries($after: String, $filter: MailDeliveryFilter) {
    mailDeliveries(first: 50, after: $after, filter: $filter) {
      totalCount
      edges {
        node {
          id
          kind
          status
          attempts
          recipientEmail
          organizationId
          incidentId
          advisoryId
          encrypted
          withheld
          lastError
          nextAttemptAt
          sentAt
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const RETRY_MAIL = gql`
  mutation ConsoleRetryMailDelivery($id: ID!) {
    retryMailDelivery(id: $id) {
      id
      status
      attempts
    }
  }
`;

interface Delivery {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  recipientEmail: string;
  organizationId: string;
  incidentId: string | null;
  advisoryId: string | null;
  encrypted: boolean | null;
  withheld: boolean | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  createdAt: string;
}

interface Filters {
  status: string | null;
  kind: string | null;
  incidentId: string;
  organizationId: string;
}

const NO_FILTERS: Filters = { status: null, kind: null, incidentId: '', organizationId: '' };

const TEXT: Bilingual<
  | 'title'
  | 'intro'
  | 'status'
  | 'kind'
  | 'incidentId'
  | 'organizationId'
  | 'apply'
  | 'clear'
  | 'any'
  | 'when'
  | 'recipient'
  | 'protection'
  | 'encrypted'
  | 'withheld'
  | 'signed'
  | 'attempts'
  | 'lastError'
  | 'retry'
  | 'none'
> = {
  th: {
    title: 'การส่งอีเมล',
    intro: 'อีเมลทุกฉบับที่ระบบส่งถึงผู้ติดต่อ ล่าสุดก่อน ฉบับที่ส่งไม่สำเร็จส่งใหม่ได้',
    status: 'สถานะ',
    kind: 'เรื่อง',
    incidentId: 'รหัสเหตุการณ์',
    organizationId: 'รหัสหน่วยงาน',
    apply: 'ค้นหา',
    clear: 'ล้างตัวกรอง',
    any: 'ทั้งหมด',
    when: 'เวลา',
    recipient: 'ผู้รับ',
    protection: 'การป้องกัน',
    encrypted: 'เข้ารหัส',
    withheld: 'แจ้งโดยไม่มีเนื้อหา',
    signed: 'ลงลายมือชื่อ ไม่เข้ารหัส',
    attempts: 'ครั้งที่ส่ง',
    lastError: 'ข้อผิดพลาดล่าสุด',
    retry: 'ส่งใหม่',
    none: 'ไม่มีอีเมลตามตัวกรองนี้',
  },
  en: {
    title: 'Mail deliveries',
    intro: 'Every mail the system sent to a point of contact, newest first; a failed one can be sent again',
    status: 'Status',
    kind: 'About',
    incidentId: 'Incident id',
    organizationId: 'Organization id',
    apply: 'Search',
    clear: 'Clear filters',
    any: 'Any',
    when: 'When',
    recipient: 'Recipient',
    protection: 'Protection',
    encrypted: 'Encrypted',
    withheld: 'Notice without content',
    signed: 'Signed, in clear',
    attempts: 'Attempts',
    lastError: 'Last error',
    retry: 'Send again',
    none: 'No mail matches',
  },
};

const STATUS_COLOR: Record<string, string> = {
  SENT: 'green',
  PENDING: 'blue',
  RETRYING: 'orange',
  FAILED: 'red',
  OPTED_OUT: 'gray',
  CANCELLED: 'gray',
};

function filterOf(f: Filters) {
  const filter = {
    statuses: f.status ? [f.status] : undefined,
    kinds: f.kind ? [f.kind] : undefined,
    incidentId: f.incidentId.trim() || undefined,
    organizationId: f.organizationId.trim() || undefined,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
}

/** ThaiCERT's and NCSA's view of the mail outbox: what was sent to whom, how, and what failed. */
export function MailPage() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const pages = usePages();
  const [{ data, error }, refresh] = useQuery<{ mailDeliveries: Connection<Delivery> | null }>({
    query: MAIL_DELIVERIES,
    variables: { after: pages.after, filter: filterOf(filters) },
  });
  const [retried, retry] = useMutation(RETRY_MAIL);
  const problems = useFieldProblems(error);
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const apply = (next: Filters) => {
    setFilters(next);
    pages.reset();
  };
  const rows = data?.mailDeliveries?.edges.map((e) => e.node) ?? [];
  const protection = (d: Delivery) => (d.encrypted ? t.encrypted : d.withheld ? t.withheld : d.sentAt ? t.signed : '—');
  return (
    <Stack>
      <div>
        <Title order={2}>{t.title}</Title>
        <Text size="sm" c="dimmed">
          {t.intro}
        </Text>
      </div>
      <Card withBorder>
        <form
          data-testid="mail-filters"
          onSubmit={(event) => {
            event.preventDefault();
            apply(draft);
          }}
        >
          <SimpleGrid cols={{ base: 1, sm: 4 }}>
            <Select
              label={t.status}
              placeholder={t.any}
              clearable
              data={vocabulary.choices('MailDeliveryStatus')}
              value={draft.status}
              onChange={(value) => set('status', value)}
            />
            <Select
              label={t.kind}
              placeholder={t.any}
              clearable
              data={vocabulary.choices('MailKind')}
              value={draft.kind}
              onChange={(value) => set('kind', value)}
            />
            <TextInput
              label={t.incidentId}
              value={draft.incidentId}
              onChange={(e) => set('incidentId', e.currentTarget.value)}
              error={problems['filter.incidentId']}
            />
            <TextInput
              label={t.organizationId}
              value={draft.organizationId}
              onChange={(e) => set('organizationId', e.currentTarget.value)}
              error={problems['filter.organizationId']}
            />
          </SimpleGrid>
          <Group mt="sm">
            <Button type="submit">{t.apply}</Button>
            <Button
              variant="default"
              onClick={() => {
                setDraft(NO_FILTERS);
                apply(NO_FILTERS);
              }}
            >
              {t.clear}
            </Button>
          </Group>
        </form>
      </Card>
      <ErrorNotice error={error ?? retried.error} />
      <Card withBorder padding="xs">
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="mail-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.when}</Table.Th>
                <Table.Th>{t.kind}</Table.Th>
                <Table.Th>{t.recipient}</Table.Th>
                <Table.Th>{t.status}</Table.Th>
                <Table.Th>{t.protection}</Table.Th>
                <Table.Th>{t.attempts}</Table.Th>
                <Table.Th>{t.lastError}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((d) => (
                <Table.Tr key={d.id} data-testid="mail-row">
                  <Table.Td>
                    <Text size="sm">{dateTime(d.createdAt, language)}</Text>
                    {d.sentAt && (
                      <Text size="xs" c="dimmed">
                        {dateTime(d.sentAt, language)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{vocabulary.label('MailKind', d.kind)}</Text>
                    <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                      {d.incidentId ?? d.advisoryId ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ wordBreak: 'break-all' }}>
                      {d.recipientEmail}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[d.status] ?? 'gray'} variant="light">
                      {vocabulary.label('MailDeliveryStatus', d.status)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{protection(d)}</Table.Td>
                  <Table.Td>{d.attempts}</Table.Td>
                  <Table.Td>
                    <Text size="xs" style={{ wordBreak: 'break-word' }}>
                      {d.lastError ?? ''}
                    </Text>
                    {d.status === 'FAILED' && (
                      <Button
                        size="xs"
                        mt={4}
                        loading={retried.fetching}
                        onClick={() => void retry({ id: d.id }).then(() => refresh({ requestPolicy: 'network-only' }))}
                      >
                        {t.retry}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {data?.mailDeliveries && rows.length === 0 && (
          <Text c="dimmed" size="sm" p="sm">
            {t.none}
          </Text>
        )}
        {pages.controls(data?.mailDeliveries ?? undefined)}
      </Card>
    </Stack>
  );
}
