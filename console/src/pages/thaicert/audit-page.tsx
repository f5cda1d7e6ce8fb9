import { Badge, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { gql, useQuery } from 'urql';

import { ErrorNotice, useFieldProblems } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { dateTime, fromBangkokInput } from '../../i18n/dates.js';
import { useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { usePages, type Connection } from '../../ui/paged.js';

export const AUDIT_TRAIL = gql`
  query ConsoleAuditTrail($after: String, $filter: AuditFilter) {
    auditTrail(first: 50, after: $after, filter: $filter) {
      totalCount
      edges {
        node {
          service
          sequence
          recordedAt
          requestId
          role
          subject
          organizationId
          regulatorId
          kind
          action
          targetType
          targetId
          outcome
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

interface AuditEntry {
  service: string;
  sequence: number;
  recordedAt: string;
  requestId: string;
  role: string;
  subject: string | null;
  organizationId: string | null;
  regulatorId: string | null;
  kind: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
}

interface Filters {
  subject: string;
  role: string | null;
  organizationId: string;
  kind: string | null;
  action: string;
  targetId: string;
  requestId: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = {
  subject: '',
  role: null,
  organizationId: '',
  kind: null,
  action: '',
  targetId: '',
  requestId: '',
  from: '',
  to: '',
};

const TEXT: Bilingual<
  | 'title'
  | 'intro'
  | 'subject'
  | 'role'
  | 'organizationId'
  | 'kind'
  | 'MUTATION'
  | 'READ'
  | 'action'
  | 'targetId'
  | 'requestId'
  | 'from'
  | 'to'
  | 'apply'
  | 'clear'
  | 'any'
  | 'when'
  | 'service'
  | 'who'
  | 'target'
  | 'outcome'
  | 'none'
> = {
  th: {
    title: 'บันทึกการตรวจสอบ (Audit trail)',
    intro: 'ใครเปลี่ยนแปลงอะไร และใครอ่านข้อมูลที่จำกัดสิทธิ์ ในทุกบริการ ล่าสุดก่อน (เฉพาะ สกมช.)',
    subject: 'ผู้ใช้ (subject)',
    role: 'บทบาท',
    organizationId: 'รหัสหน่วยงาน',
    kind: 'ชนิด',
    MUTATION: 'การเปลี่ยนแปลง',
    READ: 'การอ่านข้อมูลจำกัดสิทธิ์',
    action: 'รายการ (ชื่อ mutation หรือข้อมูลที่อ่าน)',
    targetId: 'รหัสรายการที่เกี่ยวข้อง',
    requestId: 'รหัสคำขอ (request id)',
    from: 'ตั้งแต่ (เวลาไทย)',
    to: 'ถึง (เวลาไทย)',
    apply: 'ค้นหา',
    clear: 'ล้างตัวกรอง',
    any: 'ทั้งหมด',
    when: 'เวลา',
    service: 'บริการ',
    who: 'ผู้กระทำ',
    target: 'รายการที่เกี่ยวข้อง',
    outcome: 'ผล',
    none: 'ไม่มีรายการตามตัวกรองนี้',
  },
  en: {
    title: 'Audit trail',
    intro: 'Who changed what, and who read restricted data, in every service, newest first (NCSA only)',
    subject: 'Subject',
    role: 'Role',
    organizationId: 'Organization id',
    kind: 'Kind',
    MUTATION: 'Change',
    READ: 'Restricted read',
    action: 'Action (mutation or what was read)',
    targetId: 'Record id',
    requestId: 'Request id',
    from: 'From (Bangkok time)',
    to: 'To (Bangkok time)',
    apply: 'Search',
    clear: 'Clear filters',
    any: 'Any',
    when: 'When',
    service: 'Service',
    who: 'Who',
    target: 'Record',
    outcome: 'Outcome',
    none: 'No entries match',
  },
};

/** The audit filter as the API takes it: only the conditions given. */
function filterOf(f: Filters) {
  const text = (value: string) => value.trim() || undefined;
  const filter = {
    subject: text(f.subject),
    role: f.role ?? undefined,
    organizationId: text(f.organizationId),
    kind: f.kind ?? undefined,
    action: text(f.action),
    targetId: text(f.targetId),
    requestId: text(f.requestId),
    from: f.from ? fromBangkokInput(f.from) : undefined,
    to: f.to ? fromBangkokInput(f.to) : undefined,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
}

/** NCSA's audit trail across the graph: filters, and paging through all of it. */
export function AuditPage() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const pages = usePages();
  const [{ data, error }] = useQuery<{ auditTrail: Connection<AuditEntry> | null }>({
    query: AUDIT_TRAIL,
    variables: { after: pages.after, filter: filterOf(filters) },
  });
  const problems = useFieldProblems(error);
  const p = (field: string) => problems[`filter.${field}`];
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const text = (key: 'subject' | 'organizationId' | 'action' | 'targetId' | 'requestId') => (
    <TextInput label={t[key]} value={draft[key]} onChange={(e) => set(key, e.currentTarget.value)} error={p(key)} />
  );
  const apply = (next: Filters) => {
    setFilters(next);
    pages.reset();
  };
  const rows = data?.auditTrail?.edges.map((e) => e.node) ?? [];
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
          data-testid="audit-filters"
          onSubmit={(event) => {
            event.preventDefault();
            apply(draft);
          }}
        >
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {text('subject')}
            <Select
              label={t.role}
              placeholder={t.any}
              clearable
              data={vocabulary.choices('CallerRole')}
              value={draft.role}
              onChange={(value) => set('role', value)}
              error={p('role')}
            />
            <Select
              label={t.kind}
              placeholder={t.any}
              clearable
              data={[
                { value: 'MUTATION', label: t.MUTATION },
                { value: 'READ', label: t.READ },
              ]}
              value={draft.kind}
              onChange={(value) => set('kind', value)}
            />
            {text('action')}
            {text('targetId')}
            {text('organizationId')}
            {text('requestId')}
            <TextInput
              label={t.from}
              type="datetime-local"
              value={draft.from}
              onChange={(e) => set('from', e.currentTarget.value)}
              error={p('from')}
            />
            <TextInput
              label={t.to}
              type="datetime-local"
              value={draft.to}
              onChange={(e) => set('to', e.currentTarget.value)}
              error={p('to')}
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
      <ErrorNotice error={error} />
      <Card withBorder padding="xs">
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.when}</Table.Th>
                <Table.Th>{t.service}</Table.Th>
                <Table.Th>{t.who}</Table.Th>
                <Table.Th>{t.kind}</Table.Th>
                <Table.Th>{t.action}</Table.Th>
                <Table.Th>{t.target}</Table.Th>
                <Table.Th>{t.outcome}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((entry) => (
                <Table.Tr key={`${entry.service}-${entry.sequence}`} data-testid="audit-row">
                  <Table.Td>{dateTime(entry.recordedAt, language)}</Table.Td>
                  <Table.Td>{entry.service}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{vocabulary.label('CallerRole', entry.role)}</Text>
                    <Text size="xs" c="dimmed">
                      {entry.subject ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>{entry.kind === 'READ' ? t.READ : t.MUTATION}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{entry.action}</Text>
                    <Text size="xs" c="dimmed" title={entry.requestId}>
                      {entry.requestId.slice(0, 12)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{entry.targetType ?? '—'}</Text>
                    <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                      {entry.targetId ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={entry.outcome === 'OK' ? 'green' : 'red'} variant="light">
                      {entry.outcome}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {data?.auditTrail && rows.length === 0 && (
          <Text c="dimmed" size="sm" p="sm">
            {t.none}
          </Text>
        )}
        {pages.controls(data?.auditTrail ?? undefined)}
      </Card>
    </Stack>
  );
}
