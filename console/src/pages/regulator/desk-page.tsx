import { Anchor, Badge, Card, Group, Select, SimpleGrid, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { gql, useQuery, useSubscription } from 'urql';

import { ErrorNotice } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { dateTime } from '../../i18n/dates.js';
import { useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { useSession } from '../../session/session.js';
import { Countdown } from '../../ui/countdown.js';
import { usePages, type Connection } from '../../ui/paged.js';

export const REGULATOR_DESK = gql`
  query ConsoleRegulatorDesk($after: String, $filter: IncidentFilter) {
    incidents(first: 25, after: $after, filter: $filter) {
      totalCount
      edges {
        node {
          id
          status
          severity
          referenceNumber
          detectedAt
          reportDueAt
          reportFiledAt
          overdue
          regulatorNotificationDueAt
          regulatorNotifiedAt
          regulatorNotificationOverdue
          regulatorReportDueAt
          regulatorReportOverdue
          organization {
            id
            nameTh
            nameEn
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

export const REGULATOR_SCOPE = gql`
  query ConsoleRegulatorScope($regulatorId: ID!) {
    regulator(id: $regulatorId) {
      id
      notificationDeadlineHours
      reportDeadlineHours
      sectors {
        id
        nameTh
        nameEn
      }
    }
    organizations(first: 100, filter: { regulatorId: $regulatorId }) {
      edges {
        node {
          id
          nameTh
          nameEn
        }
      }
    }
  }
`;

export const REGULATOR_DESK_EVENTS = gql`
  subscription ConsoleRegulatorDeskEvents {
    incidentEvents {
      sequence
      type
      incident {
        id
      }
    }
  }
`;

interface DeskIncident {
  id: string;
  status: string;
  severity: string;
  referenceNumber: string | null;
  detectedAt: string;
  reportDueAt: string | null;
  reportFiledAt: string | null;
  overdue: boolean;
  regulatorNotificationDueAt: string | null;
  regulatorNotifiedAt: string | null;
  regulatorNotificationOverdue: boolean;
  regulatorReportDueAt: string | null;
  regulatorReportOverdue: boolean;
  organization: { id: string; nameTh: string; nameEn: string };
}
interface Named {
  id: string;
  nameTh: string;
  nameEn: string;
}
interface Scope {
  regulator: { id: string; notificationDeadlineHours: number; reportDeadlineHours: number | null; sectors: Named[] } | null;
  organizations: { edges: { node: Named }[] } | null;
}

const TEXT: Bilingual<
  | 'title'
  | 'intro'
  | 'level'
  | 'status'
  | 'sector'
  | 'organization'
  | 'any'
  | 'openOnly'
  | 'overdueOnly'
  | 'regulatorOverdueOnly'
  | 'detected'
  | 'deadlines'
  | 'incident'
  | 'report'
  | 'notifyUs'
  | 'reportUs'
  | 'none'
  | 'live'
  | 'deadlineHours'
  | 'noReportDeadline'
  | 'hours'
> = {
  th: {
    title: 'เหตุการณ์ในกลุ่มที่กำกับดูแล',
    intro: 'เหตุการณ์ของหน่วยงานที่ท่านกำกับดูแล พร้อมกำหนดส่งรายงาน (ก2) และกำหนดแจ้ง/รายงานต่อหน่วยงานของท่าน',
    level: 'ระดับภัยคุกคาม',
    status: 'สถานะ',
    sector: 'กลุ่มโครงสร้างพื้นฐานสำคัญ',
    organization: 'หน่วยงาน',
    any: 'ทั้งหมด',
    openOnly: 'เฉพาะที่ยังไม่ปิด',
    overdueOnly: 'เฉพาะที่เลยกำหนดส่ง ก2',
    regulatorOverdueOnly: 'เฉพาะที่เลยกำหนดรายงานต่อหน่วยงานของท่าน',
    detected: 'ตรวจพบเมื่อ',
    deadlines: 'กำหนดเวลา',
    incident: 'เหตุการณ์',
    report: 'ก2',
    notifyUs: 'แจ้งผู้กำกับ',
    reportUs: 'รายงานผู้กำกับ',
    none: 'ไม่มีเหตุการณ์ที่ตรงกับเงื่อนไข',
    live: 'อัปเดตสด',
    deadlineHours: 'ท่านกำหนดให้แจ้งภายใน {n} ชม. · ส่งรายงานภายใน {r}',
    noReportDeadline: 'ไม่ได้กำหนด',
    hours: '{n} ชม.',
  },
  en: {
    title: 'Incidents in my sectors',
    intro: 'Incidents of the organizations you supervise, with the ก2 report deadline and the deadlines to notify and report to you',
    level: 'Threat level',
    status: 'Status',
    sector: 'Sector',
    organization: 'Organization',
    any: 'All',
    openOnly: 'Open only',
    overdueOnly: 'Only ก2 overdue',
    regulatorOverdueOnly: 'Only overdue in reaching us',
    detected: 'Detected',
    deadlines: 'Deadlines',
    incident: 'Incident',
    report: 'ก2',
    notifyUs: 'Notify us',
    reportUs: 'Report to us',
    none: 'No incident matches',
    live: 'Live',
    deadlineHours: 'You require notification within {n} h · the report within {r}',
    noReportDeadline: 'no time set',
    hours: '{n} h',
  },
};

const ANY = '';

/** Any of the incident's duties already missed: the row is marked red. */
const anyOverdue = (incident: DeskIncident) => incident.overdue || incident.regulatorNotificationOverdue || incident.regulatorReportOverdue;

/** The regulator's desk: its sector's incidents, filtered, paged through in full, and kept current by the incident feed. */
export function RegulatorDeskPage() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const { me } = useSession();
  const regulatorId = me?.regulator?.id;
  const pages = usePages();
  const [severity, setSeverity] = useState(ANY);
  const [status, setStatus] = useState(ANY);
  const [sectorId, setSectorId] = useState(ANY);
  const [organizationId, setOrganizationId] = useState(ANY);
  const [open, setOpen] = useState(true);
  const [overdue, setOverdue] = useState(false);
  const [regulatorReportOverdue, setRegulatorReportOverdue] = useState(false);
  const filter = {
    ...(severity && { severity }),
    ...(status && { status }),
    ...(sectorId && { sectorId }),
    ...(organizationId && { organizationId }),
    ...(open && { open: true }),
    ...(overdue && { overdue: true }),
    ...(regulatorReportOverdue && { regulatorReportOverdue: true }),
  };
  const [{ data, error }, reexecute] = useQuery<{ incidents: Connection<DeskIncident> | null }>({
    query: REGULATOR_DESK,
    variables: { after: pages.after, filter },
  });
  const [scope] = useQuery<Scope>({ query: REGULATOR_SCOPE, variables: { regulatorId }, pause: !regulatorId });
  const [events] = useSubscription<{ incidentEvents: { sequence: number } | null }>({ query: REGULATOR_DESK_EVENTS });
  const sequence = events.data?.incidentEvents?.sequence;
  useEffect(() => {
    if (sequence !== undefined) reexecute({ requestPolicy: 'network-only' });
  }, [sequence, reexecute]);

  const change = (set: (value: string) => void) => (value: string | null) => {
    set(value ?? ANY);
    pages.reset();
  };
  const toggle = (set: (value: boolean) => void) => (event: { currentTarget: { checked: boolean } }) => {
    set(event.currentTarget.checked);
    pages.reset();
  };
  const name = (named: Named) => (language === 'th' ? named.nameTh : named.nameEn);
  const withAny = (choices: { value: string; label: string }[]) => [{ value: ANY, label: t.any }, ...choices];
  const regulator = scope.data?.regulator;
  const incidents = data?.incidents;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t.title}</Title>
          <Text size="sm" c="dimmed">
            {t.intro}
          </Text>
          {regulator && (
            <Text size="sm" c="dimmed" data-testid="regulator-deadlines">
              {t.deadlineHours
                .replace('{n}', String(regulator.notificationDeadlineHours))
                .replace(
                  '{r}',
                  regulator.reportDeadlineHours === null
                    ? t.noReportDeadline
                    : t.hours.replace('{n}', String(regulator.reportDeadlineHours)),
                )}
            </Text>
          )}
        </div>
        <Badge color={events.error ? 'gray' : 'teal'} variant="dot" data-testid="live-badge" data-live={!events.error}>
          {t.live}
        </Badge>
      </Group>
      <Card withBorder>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Select
            label={t.level}
            value={severity}
            onChange={change(setSeverity)}
            allowDeselect={false}
            data={withAny(vocabulary.choices('ThreatLevel'))}
          />
          <Select
            label={t.status}
            value={status}
            onChange={change(setStatus)}
            allowDeselect={false}
            data={withAny(vocabulary.choices('IncidentStatus'))}
          />
          <Select
            label={t.sector}
            value={sectorId}
            onChange={change(setSectorId)}
            allowDeselect={false}
            data={withAny((regulator?.sectors ?? []).map((s) => ({ value: s.id, label: name(s) })))}
          />
          <Select
            label={t.organization}
            value={organizationId}
            onChange={change(setOrganizationId)}
            allowDeselect={false}
            searchable
            data={withAny((scope.data?.organizations?.edges ?? []).map(({ node }) => ({ value: node.id, label: name(node) })))}
          />
        </SimpleGrid>
        <Group mt="md">
          <Switch label={t.openOnly} checked={open} onChange={toggle(setOpen)} />
          <Switch label={t.overdueOnly} checked={overdue} onChange={toggle(setOverdue)} />
          <Switch label={t.regulatorOverdueOnly} checked={regulatorReportOverdue} onChange={toggle(setRegulatorReportOverdue)} />
        </Group>
      </Card>
      <ErrorNotice error={error} />
      <Card withBorder>
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.incident}</Table.Th>
                <Table.Th>{t.level}</Table.Th>
                <Table.Th>{t.status}</Table.Th>
                <Table.Th>{t.detected}</Table.Th>
                <Table.Th miw={250}>{t.deadlines}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {incidents?.edges.map(({ node }) => (
                <Table.Tr
                  key={node.id}
                  data-testid="incident-row"
                  data-incident-id={node.id}
                  data-overdue={anyOverdue(node)}
                  bg={anyOverdue(node) ? 'var(--mantine-color-red-light)' : undefined}
                >
                  <Table.Td>
                    <Anchor href={`#/incidents/${node.id}`} fw={500}>
                      {name(node.organization)}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {node.referenceNumber ?? node.id}
                    </Text>
                  </Table.Td>
                  <Table.Td data-testid="incident-level">{vocabulary.label('ThreatLevel', node.severity)}</Table.Td>
                  <Table.Td data-testid="incident-status">{vocabulary.label('IncidentStatus', node.status)}</Table.Td>
                  <Table.Td>{dateTime(node.detectedAt, language)}</Table.Td>
                  <Table.Td>
                    <Stack gap={4} align="flex-start">
                      <Countdown dueAt={node.reportDueAt} met={!!node.reportFiledAt} label={t.report} />
                      <Countdown dueAt={node.regulatorNotificationDueAt} met={!!node.regulatorNotifiedAt} label={t.notifyUs} />
                      <Countdown
                        dueAt={node.regulatorReportDueAt}
                        met={!!node.regulatorReportDueAt && !!node.reportFiledAt}
                        label={t.reportUs}
                      />
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {incidents?.edges.length === 0 && (
          <Text c="dimmed" ta="center" my="md">
            {t.none}
          </Text>
        )}
        {pages.controls(incidents ?? undefined)}
      </Card>
    </Stack>
  );
}
