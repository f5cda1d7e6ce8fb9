import { Anchor, Badge, Card, Group, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { gql, useQuery } from 'urql';

import { ErrorNotice } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { dateTime } from '../../i18n/dates.js';
import { useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { Countdown } from '../../ui/countdown.js';
import { useLiveTick, useRefresh } from '../../ui/live-refresh.js';
import { usePages, type Connection } from '../../ui/paged.js';

/** The national list: overdue (ก2 past due, not filed) or approaching (notified, ก2 not yet filed, not yet overdue). */
export const TRIAGE_INCIDENTS = gql`
  query ConsoleTriageIncidents($after: String, $filter: IncidentFilter) {
    incidents(first: 25, after: $after, filter: $filter) {
      totalCount
      edges {
        node {
          id
          status
          severity
          reportedSeverity
          assessedSeverity
          categories
          detectedAt
          reportDueAt
          reportFiledAt
          overdue
          referenceNumber
          organization {
            id
            nameTh
            nameEn
          }
          case {
            id
            status
            assignee
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const TRIAGE_LEVEL_COUNT = gql`
  query ConsoleTriageLevelCount($filter: IncidentFilter) {
    incidents(first: 1, filter: $filter) {
      totalCount
    }
  }
`;

interface TriageIncident {
  id: string;
  status: string;
  severity: string;
  reportedSeverity: string;
  assessedSeverity: string | null;
  categories: string[];
  detectedAt: string;
  reportDueAt: string | null;
  reportFiledAt: string | null;
  overdue: boolean;
  referenceNumber: string | null;
  organization: { id: string; nameTh: string; nameEn: string };
  case: { id: string; status: string; assignee: string | null } | null;
}

type View = 'overdue' | 'approaching';

const TEXT: Bilingual<
  | 'title'
  | 'intro'
  | 'overdue'
  | 'approaching'
  | 'view'
  | 'level'
  | 'allLevels'
  | 'incident'
  | 'organization'
  | 'detected'
  | 'deadline'
  | 'caseStatus'
  | 'assignee'
  | 'unassigned'
  | 'assessed'
  | 'none'
  | 'live'
  | 'countsTitle'
> = {
  th: {
    title: 'คัดกรองเหตุการณ์ระดับประเทศ',
    intro: 'เหตุการณ์ที่ยังเปิดอยู่ซึ่งเลยกำหนดหรือใกล้ครบกำหนดส่งรายงาน ก2 แยกตามระดับความรุนแรง',
    overdue: 'เลยกำหนดส่ง ก2',
    approaching: 'ใกล้ครบกำหนด (ยังไม่ส่ง ก2)',
    view: 'แสดง',
    level: 'ระดับความรุนแรง',
    allLevels: 'ทุกระดับ',
    incident: 'เหตุการณ์',
    organization: 'หน่วยงาน',
    detected: 'ตรวจพบเมื่อ',
    deadline: 'กำหนดส่ง ก2',
    caseStatus: 'สถานะการจัดการ',
    assignee: 'ผู้รับผิดชอบ',
    unassigned: 'ยังไม่มอบหมาย',
    assessed: 'ประเมินโดยไทยเซิร์ต',
    none: 'ไม่มีเหตุการณ์ในรายการนี้',
    live: 'อัปเดตอัตโนมัติ',
    countsTitle: 'จำนวนตามระดับ',
  },
  en: {
    title: 'National triage',
    intro: 'Open incidents overdue or approaching their ก2 report deadline, by threat level',
    overdue: 'ก2 overdue',
    approaching: 'Approaching (ก2 not yet filed)',
    view: 'Show',
    level: 'Threat level',
    allLevels: 'All levels',
    incident: 'Incident',
    organization: 'Organization',
    detected: 'Detected',
    deadline: 'ก2 due',
    caseStatus: 'Handling status',
    assignee: 'Assignee',
    unassigned: 'Unassigned',
    assessed: 'assessed by ThaiCERT',
    none: 'No incidents in this list',
    live: 'Live',
    countsTitle: 'By level',
  },
};

/** The filter of each view; `severity` narrows it to one level. */
function filterOf(view: View, severity: string | null) {
  const base = view === 'overdue' ? { open: true, overdue: true } : { open: true, overdue: false, status: 'NOTIFIED' };
  return severity ? { ...base, severity } : base;
}

function LevelCount({
  view,
  level,
  label,
  tick,
  active,
  onPick,
}: {
  view: View;
  level: string | null;
  label: string;
  tick: number;
  active: boolean;
  onPick(): void;
}) {
  const [{ data }, reexecute] = useQuery<{ incidents: { totalCount: number } | null }>({
    query: TRIAGE_LEVEL_COUNT,
    variables: { filter: filterOf(view, level) },
  });
  useRefresh(tick, reexecute);
  return (
    <UnstyledButton onClick={onPick} aria-pressed={active} data-testid="triage-level-count" data-level={level ?? 'ALL'}>
      <Card withBorder padding="sm" bg={active ? 'var(--mantine-color-blue-light)' : undefined}>
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        <Text size="xl" fw={700} c={view === 'overdue' && (data?.incidents?.totalCount ?? 0) > 0 ? 'red' : undefined}>
          {data?.incidents?.totalCount ?? '…'}
        </Text>
      </Card>
    </UnstyledButton>
  );
}

/** ThaiCERT's and NCSA's national view: what is overdue and what is about to be, by level, live. */
export function TriagePage() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const [view, setView] = useState<View>('overdue');
  const [severity, setSeverity] = useState<string | null>(null);
  const tick = useLiveTick('incidents');
  const pages = usePages();
  const [{ data, error }, reexecute] = useQuery<{ incidents: Connection<TriageIncident> | null }>({
    query: TRIAGE_INCIDENTS,
    variables: { after: pages.after, filter: filterOf(view, severity) },
  });
  useRefresh(tick, reexecute);
  const choose = (next: { view?: View; severity?: string | null }) => {
    if (next.view !== undefined) setView(next.view);
    if (next.severity !== undefined) setSeverity(next.severity);
    pages.reset();
  };
  const rows = [...(data?.incidents?.edges ?? [])]
    .map((edge) => edge.node)
    .sort((a, b) => (a.reportDueAt ?? '9999').localeCompare(b.reportDueAt ?? '9999'));
  const levels = vocabulary.choices('ThreatLevel');
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t.title}</Title>
          <Text size="sm" c="dimmed">
            {t.intro}
          </Text>
        </div>
        <Badge color="green" variant="dot">
          {t.live}
        </Badge>
      </Group>
      <Group align="flex-end">
        <SegmentedControl
          aria-label={t.view}
          value={view}
          onChange={(value) => choose({ view: value as View })}
          data={[
            { value: 'overdue', label: t.overdue },
            { value: 'approaching', label: t.approaching },
          ]}
          data-testid="triage-view"
        />
        <Select
          label={t.level}
          w={240}
          clearable
          placeholder={t.allLevels}
          value={severity}
          onChange={(value) => choose({ severity: value })}
          data={levels}
          data-testid="triage-level"
        />
      </Group>
      <Title order={3} size="h5">
        {t.countsTitle}
      </Title>
      <SimpleGrid cols={{ base: 3, sm: 3, md: 6 }}>
        <LevelCount
          view={view}
          level={null}
          label={t.allLevels}
          tick={tick}
          active={severity === null}
          onPick={() => choose({ severity: null })}
        />
        {levels.map((level) => (
          <LevelCount
            key={level.value}
            view={view}
            level={level.value}
            label={level.label}
            tick={tick}
            active={severity === level.value}
            onPick={() => choose({ severity: level.value })}
          />
        ))}
      </SimpleGrid>
      <ErrorNotice error={error} />
      <Card withBorder padding="xs">
        <Table.ScrollContainer minWidth={900}>
          <Table striped highlightOnHover data-testid="triage-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.incident}</Table.Th>
                <Table.Th>{t.organization}</Table.Th>
                <Table.Th>{t.level}</Table.Th>
                <Table.Th>{t.detected}</Table.Th>
                <Table.Th>{t.deadline}</Table.Th>
                <Table.Th>{t.caseStatus}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((incident) => (
                <Table.Tr key={incident.id} data-testid="triage-row" data-incident-id={incident.id} data-overdue={incident.overdue}>
                  <Table.Td>
                    <Anchor href={`#/incidents/${incident.id}`} size="sm">
                      {incident.referenceNumber ?? `…${incident.id.slice(-8)}`}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {incident.categories.map((c) => vocabulary.label('ThreatCategory', c)).join(', ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>{language === 'th' ? incident.organization.nameTh : incident.organization.nameEn}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" miw="max-content" color={incident.severity.startsWith('CRITICAL') ? 'red' : 'gray'}>
                      {vocabulary.label('ThreatLevel', incident.severity)}
                    </Badge>
                    {incident.assessedSeverity && (
                      <Text size="xs" c="dimmed">
                        {t.assessed}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{dateTime(incident.detectedAt, language)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <div style={{ minWidth: 'max-content' }}>
                      <Countdown dueAt={incident.reportDueAt} met={!!incident.reportFiledAt} />
                    </div>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{incident.case ? vocabulary.label('HandlingStatus', incident.case.status) : '—'}</Text>
                    <Text size="xs" c="dimmed">
                      {incident.case?.assignee ?? t.unassigned}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {data?.incidents && rows.length === 0 && (
          <Text c="dimmed" size="sm" p="sm">
            {t.none}
          </Text>
        )}
        {pages.controls(data?.incidents ?? undefined)}
      </Card>
    </Stack>
  );
}
