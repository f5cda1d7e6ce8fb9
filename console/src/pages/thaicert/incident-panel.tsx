import { Badge, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { gql, useMutation, useQuery } from 'urql';

import { ErrorNotice, isForbiddenAt, NotVisible, useFieldProblems } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { dateTime } from '../../i18n/dates.js';
import { useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { useSession } from '../../session/session.js';
import { useLiveTick, useRefresh } from '../../ui/live-refresh.js';
import { IncidentMailHistory } from './mail-history.js';

export const ANALYST_INCIDENT = gql`
  query ConsoleAnalystIncident($id: ID!) {
    incident(id: $id) {
      id
      version
      status
      severity
      reportedSeverity
      assessedSeverity
      referenceNumber
      assessment {
        severity
        recommendations
        assessedAt
      }
      severityAssessments {
        severity
        reason
        recommendations
        assessedBy
        assessedAt
      }
      analystNotes {
        text
        author
        writtenAt
      }
    }
    incidentCase(id: $id) {
      id
      version
      assignee
      status
      statusSince
      reportedAt
      firstResponseAt
      transitions(first: 50) {
        totalCount
        edges {
          node {
            id
            kind
            by
            at
            fromStatus
            toStatus
            fromAssignee
            toAssignee
          }
        }
      }
    }
  }
`;

export const ASSESS_INCIDENT = gql`
  mutation ConsoleAssessIncident($input: AssessIncidentSeverityInput!) {
    assessIncidentSeverity(input: $input) {
      id
      version
      severity
      assessedSeverity
      assessment {
        severity
        recommendations
        assessedAt
      }
    }
  }
`;

export const ADD_ANALYST_NOTE = gql`
  mutation ConsoleAddAnalystNote($incidentId: ID!, $text: String!) {
    addAnalystNote(incidentId: $incidentId, text: $text) {
      text
      author
      writtenAt
    }
  }
`;

export const ASSIGN_CASE = gql`
  mutation ConsoleAssignIncidentCase($incidentId: ID!, $expectedVersion: Int!, $assignee: String!) {
    assignIncidentCase(incidentId: $incidentId, expectedVersion: $expectedVersion, assignee: $assignee) {
      id
      version
      assignee
      status
    }
  }
`;

export const UNASSIGN_CASE = gql`
  mutation ConsoleUnassignIncidentCase($incidentId: ID!, $expectedVersion: Int!) {
    unassignIncidentCase(incidentId: $incidentId, expectedVersion: $expectedVersion) {
      id
      version
      assignee
      status
    }
  }
`;

export const CHANGE_CASE_STATUS = gql`
  mutation ConsoleChangeIncidentCaseStatus($incidentId: ID!, $expectedVersion: Int!, $status: HandlingStatus!) {
    changeIncidentCaseStatus(incidentId: $incidentId, expectedVersion: $expectedVersion, status: $status) {
      id
      version
      assignee
      status
    }
  }
`;

export const ASSIGN_REFERENCE_NUMBER = gql`
  mutation ConsoleAssignReferenceNumber($incidentId: ID!, $referenceNumber: String!) {
    assignReferenceNumber(incidentId: $incidentId, referenceNumber: $referenceNumber) {
      id
      version
      referenceNumber
    }
  }
`;

interface AnalystIncident {
  id: string;
  version: number;
  status: string;
  severity: string;
  reportedSeverity: string;
  assessedSeverity: string | null;
  referenceNumber: string | null;
  assessment: { severity: string; recommendations: string; assessedAt: string } | null;
  severityAssessments: { severity: string; reason: string; recommendations: string; assessedBy: string; assessedAt: string }[] | null;
  analystNotes: { text: string; author: string; writtenAt: string }[] | null;
}
interface IncidentCase {
  id: string;
  version: number;
  assignee: string | null;
  status: string;
  statusSince: string;
  reportedAt: string;
  firstResponseAt: string | null;
  transitions: {
    totalCount: number;
    edges: {
      node: {
        id: string;
        kind: string;
        by: string;
        at: string;
        fromStatus: string;
        toStatus: string;
        fromAssignee: string | null;
        toAssignee: string | null;
      };
    }[];
  };
}

const TEXT: Bilingual<
  | 'panel'
  | 'assessment'
  | 'reported'
  | 'current'
  | 'newLevel'
  | 'reason'
  | 'recommendations'
  | 'assess'
  | 'assessed'
  | 'history'
  | 'by'
  | 'notes'
  | 'note'
  | 'addNote'
  | 'noNotes'
  | 'case'
  | 'status'
  | 'since'
  | 'assignee'
  | 'unassigned'
  | 'assignTo'
  | 'assign'
  | 'assignMe'
  | 'unassign'
  | 'newStatus'
  | 'changeStatus'
  | 'firstResponse'
  | 'transitions'
  | 'when'
  | 'what'
  | 'reference'
  | 'referenceNumber'
  | 'assignReference'
  | 'keep'
  | 'noCase'
> = {
  th: {
    panel: 'งานของไทยเซิร์ต / สกมช.',
    assessment: 'ประเมินระดับความรุนแรงและข้อแนะนำ',
    reported: 'ระดับที่หน่วยงานรายงาน',
    current: 'ระดับปัจจุบัน',
    newLevel: 'ระดับความรุนแรงที่ประเมิน',
    reason: 'เหตุผลของการประเมิน',
    recommendations: 'ข้อแนะนำในการจำกัดความเสียหาย (หน่วยงานเห็น)',
    assess: 'บันทึกการประเมิน',
    assessed: 'บันทึกการประเมินแล้ว',
    history: 'ประวัติการประเมิน',
    by: 'โดย',
    notes: 'บันทึกของนักวิเคราะห์ (เห็นเฉพาะไทยเซิร์ตและ สกมช.)',
    note: 'บันทึกใหม่',
    addNote: 'เพิ่มบันทึก',
    noNotes: 'ยังไม่มีบันทึก',
    case: 'การจัดการกรณี',
    status: 'สถานะ',
    since: 'ตั้งแต่',
    assignee: 'ผู้รับผิดชอบ',
    unassigned: 'ยังไม่มอบหมาย',
    assignTo: 'มอบหมายให้ (รหัสผู้ใช้)',
    assign: 'มอบหมาย',
    assignMe: 'รับเป็นผู้รับผิดชอบเอง',
    unassign: 'ยกเลิกการมอบหมาย',
    newStatus: 'สถานะใหม่',
    changeStatus: 'เปลี่ยนสถานะ',
    firstResponse: 'ตอบสนองครั้งแรก',
    transitions: 'ประวัติการจัดการ',
    when: 'เมื่อ',
    what: 'รายการ',
    reference: 'หมายเลขอ้างอิง สกมช.',
    referenceNumber: 'หมายเลขอ้างอิง',
    assignReference: 'กำหนดหมายเลขอ้างอิง',
    keep: '(คงระดับเดิม)',
    noCase: 'ยังไม่มีกรณี',
  },
  en: {
    panel: 'ThaiCERT / NCSA work',
    assessment: 'Severity assessment and recommendations',
    reported: 'Level as reported',
    current: 'Current level',
    newLevel: 'Assessed threat level',
    reason: 'Reason for the assessment',
    recommendations: 'Recommendations to limit the damage (the organization sees them)',
    assess: 'Record the assessment',
    assessed: 'Assessment recorded',
    history: 'Assessment history',
    by: 'by',
    notes: 'Analyst notes (ThaiCERT and NCSA only)',
    note: 'New note',
    addNote: 'Add note',
    noNotes: 'No notes yet',
    case: 'Case workflow',
    status: 'Status',
    since: 'since',
    assignee: 'Assignee',
    unassigned: 'Unassigned',
    assignTo: 'Assign to (user id)',
    assign: 'Assign',
    assignMe: 'Take it myself',
    unassign: 'Unassign',
    newStatus: 'New status',
    changeStatus: 'Change status',
    firstResponse: 'First response',
    transitions: 'Case history',
    when: 'When',
    what: 'What',
    reference: 'NCSA reference number',
    referenceNumber: 'Reference number',
    assignReference: 'Assign reference number',
    keep: '(keeps the level)',
    noCase: 'No case yet',
  },
};

function Assessment({ incident, onDone }: { incident: AnalystIncident; onDone(): void }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const [severity, setSeverity] = useState<string | null>(incident.severity);
  const [reason, setReason] = useState('');
  const [recommendations, setRecommendations] = useState(incident.assessment?.recommendations ?? '');
  const [saved, setSaved] = useState(false);
  const [result, assess] = useMutation(ASSESS_INCIDENT);
  const problems = useFieldProblems(result.error);
  const submit = async () => {
    setSaved(false);
    const answer = await assess({ input: { incidentId: incident.id, severity, reason, recommendations } });
    if (!answer.error) {
      setSaved(true);
      setReason('');
      onDone();
    }
  };
  const levels = vocabulary
    .choices('ThreatLevel')
    .map((choice) => (choice.value === incident.severity ? { ...choice, label: `${choice.label} ${t.keep}` } : choice));
  return (
    <Card withBorder data-testid="assessment-form">
      <Title order={4} size="h5" mb="xs">
        {t.assessment}
      </Title>
      <Group mb="sm" gap="xs">
        <Text size="sm">{t.reported}:</Text>
        <Badge variant="light">{vocabulary.label('ThreatLevel', incident.reportedSeverity)}</Badge>
        <Text size="sm">{t.current}:</Text>
        <Badge variant="light" data-testid="assessment-current-level">
          {vocabulary.label('ThreatLevel', incident.severity)}
        </Badge>
      </Group>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Select
            label={t.newLevel}
            required
            allowDeselect={false}
            data={levels}
            value={severity}
            onChange={setSeverity}
            error={problems['input.severity']}
            data-testid="assessment-level"
          />
          <Textarea
            label={t.reason}
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={problems['input.reason']}
          />
          <Textarea
            label={t.recommendations}
            required
            autosize
            minRows={3}
            value={recommendations}
            onChange={(e) => setRecommendations(e.currentTarget.value)}
            error={problems['input.recommendations']}
          />
          <ErrorNotice error={result.error} />
          <Group>
            <Button type="submit" loading={result.fetching}>
              {t.assess}
            </Button>
            {saved && (
              <Text c="green" size="sm" role="status">
                {t.assessed}
              </Text>
            )}
          </Group>
        </Stack>
      </form>
      {(incident.severityAssessments ?? []).length > 0 && (
        <Stack gap={4} mt="md">
          <Text fw={600} size="sm">
            {t.history}
          </Text>
          {[...(incident.severityAssessments ?? [])].reverse().map((a) => (
            <Card key={a.assessedAt} withBorder padding="xs" data-testid="assessment-entry">
              <Group gap="xs">
                <Badge variant="light">{vocabulary.label('ThreatLevel', a.severity)}</Badge>
                <Text size="xs" c="dimmed">
                  {dateTime(a.assessedAt, language)} {t.by} {a.assessedBy}
                </Text>
              </Group>
              <Text size="sm">{a.reason}</Text>
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                {a.recommendations}
              </Text>
            </Card>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function Notes({ incident, forbidden, onDone }: { incident: AnalystIncident; forbidden: boolean; onDone(): void }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const [text, setText] = useState('');
  const [result, add] = useMutation(ADD_ANALYST_NOTE);
  const problems = useFieldProblems(result.error);
  const submit = async () => {
    const answer = await add({ incidentId: incident.id, text });
    if (!answer.error) {
      setText('');
      onDone();
    }
  };
  return (
    <Card withBorder data-testid="analyst-notes">
      <Title order={4} size="h5" mb="xs">
        {t.notes}
      </Title>
      {forbidden ? (
        <NotVisible />
      ) : (incident.analystNotes ?? []).length === 0 ? (
        <Text size="sm" c="dimmed">
          {t.noNotes}
        </Text>
      ) : (
        <Stack gap={4}>
          {(incident.analystNotes ?? []).map((note) => (
            <Card key={`${note.writtenAt}-${note.author}`} withBorder padding="xs" data-testid="analyst-note">
              <Text size="xs" c="dimmed">
                {dateTime(note.writtenAt, language)} · {note.author}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {note.text}
              </Text>
            </Card>
          ))}
        </Stack>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="xs" mt="sm">
          <Textarea
            label={t.note}
            autosize
            minRows={2}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={problems.text}
          />
          <ErrorNotice error={result.error} />
          <Group>
            <Button type="submit" variant="light" loading={result.fetching} disabled={!text.trim()}>
              {t.addNote}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function CaseWorkflow({ incidentId, incidentCase, onDone }: { incidentId: string; incidentCase: IncidentCase | null; onDone(): void }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const { me } = useSession();
  const [assignee, setAssignee] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [assigned, assign] = useMutation(ASSIGN_CASE);
  const [unassigned, unassign] = useMutation(UNASSIGN_CASE);
  const [changed, change] = useMutation(CHANGE_CASE_STATUS);
  if (!incidentCase)
    return (
      <Card withBorder data-testid="case-workflow">
        <Title order={4} size="h5">
          {t.case}
        </Title>
        <Text size="sm" c="dimmed">
          {t.noCase}
        </Text>
      </Card>
    );
  const expectedVersion = incidentCase.version;
  const after = (answer: { error?: unknown }) => {
    if (!answer.error) onDone();
  };
  const describe = (node: IncidentCase['transitions']['edges'][number]['node']) =>
    node.kind === 'STATUS_CHANGED'
      ? `${vocabulary.label('HandlingStatus', node.fromStatus)} → ${vocabulary.label('HandlingStatus', node.toStatus)}`
      : `${node.fromAssignee ?? t.unassigned} → ${node.toAssignee ?? t.unassigned}`;
  return (
    <Card withBorder data-testid="case-workflow">
      <Title order={4} size="h5" mb="xs">
        {t.case}
      </Title>
      <Group gap="xs" mb="sm">
        <Text size="sm">{t.status}:</Text>
        <Badge data-testid="case-status" data-status={incidentCase.status}>
          {vocabulary.label('HandlingStatus', incidentCase.status)}
        </Badge>
        <Text size="xs" c="dimmed">
          {t.since} {dateTime(incidentCase.statusSince, language)}
        </Text>
        <Text size="sm">{t.assignee}:</Text>
        <Text size="sm" fw={600} data-testid="case-assignee">
          {incidentCase.assignee ?? t.unassigned}
        </Text>
        <Text size="xs" c="dimmed">
          {t.firstResponse}: {dateTime(incidentCase.firstResponseAt, language)}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Stack gap="xs">
          <TextInput label={t.assignTo} value={assignee} onChange={(e) => setAssignee(e.currentTarget.value)} />
          <Group gap="xs">
            <Button
              size="xs"
              disabled={!assignee.trim()}
              loading={assigned.fetching}
              onClick={() => void assign({ incidentId, expectedVersion, assignee: assignee.trim() }).then(after)}
            >
              {t.assign}
            </Button>
            {me?.subject && incidentCase.assignee !== me.subject && (
              <Button
                size="xs"
                variant="light"
                loading={assigned.fetching}
                onClick={() => void assign({ incidentId, expectedVersion, assignee: me.subject }).then(after)}
              >
                {t.assignMe}
              </Button>
            )}
            <Button
              size="xs"
              variant="default"
              disabled={!incidentCase.assignee}
              loading={unassigned.fetching}
              onClick={() => void unassign({ incidentId, expectedVersion }).then(after)}
            >
              {t.unassign}
            </Button>
          </Group>
          <ErrorNotice error={assigned.error ?? unassigned.error} />
        </Stack>
        <Stack gap="xs">
          <Select
            label={t.newStatus}
            data={vocabulary.choices('HandlingStatus').filter((c) => c.value !== incidentCase.status)}
            value={status}
            onChange={setStatus}
            data-testid="case-new-status"
          />
          <Group>
            <Button
              size="xs"
              disabled={!status}
              loading={changed.fetching}
              onClick={() =>
                void change({ incidentId, expectedVersion, status }).then((answer) => {
                  if (!answer.error) setStatus(null);
                  after(answer);
                })
              }
            >
              {t.changeStatus}
            </Button>
          </Group>
          <ErrorNotice error={changed.error} />
        </Stack>
      </SimpleGrid>
      {incidentCase.transitions.edges.length > 0 && (
        <Table.ScrollContainer minWidth={480} mt="sm">
          <Table>
            <Table.Caption>{t.transitions}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.when}</Table.Th>
                <Table.Th>{t.what}</Table.Th>
                <Table.Th>{t.by}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {incidentCase.transitions.edges.map(({ node }) => (
                <Table.Tr key={node.id}>
                  <Table.Td>{dateTime(node.at, language)}</Table.Td>
                  <Table.Td>
                    {vocabulary.label('CaseTransitionKind', node.kind)}: {describe(node)}
                  </Table.Td>
                  <Table.Td>{node.by}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

function ReferenceNumber({ incident, onDone }: { incident: AnalystIncident; onDone(): void }) {
  const t = useText(TEXT);
  const [value, setValue] = useState('');
  const [result, assign] = useMutation(ASSIGN_REFERENCE_NUMBER);
  const problems = useFieldProblems(result.error);
  return (
    <Card withBorder data-testid="reference-number">
      <Title order={4} size="h5" mb="xs">
        {t.reference}
      </Title>
      {incident.referenceNumber ? (
        <Text fw={600} data-testid="reference-number-value">
          {incident.referenceNumber}
        </Text>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void assign({ incidentId: incident.id, referenceNumber: value.trim() }).then((answer) => {
              if (!answer.error) onDone();
            });
          }}
        >
          <Group align="flex-end">
            <TextInput
              label={t.referenceNumber}
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              error={problems.referenceNumber}
            />
            <Button type="submit" disabled={!value.trim()} loading={result.fetching}>
              {t.assignReference}
            </Button>
          </Group>
          <ErrorNotice error={result.error} />
        </form>
      )}
    </Card>
  );
}

/** ThaiCERT's and NCSA's work on one incident: assessment, notes, case, reference number (NCSA only), the mail sent about it. */
export function AnalystIncidentPanel({ incidentId }: { incidentId: string }) {
  const t = useText(TEXT);
  const { me } = useSession();
  const [{ data, error }, reexecute] = useQuery<{ incident: AnalystIncident | null; incidentCase: IncidentCase | null }>({
    query: ANALYST_INCIDENT,
    variables: { id: incidentId },
  });
  useRefresh(useLiveTick('incidents', undefined, incidentId), reexecute);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const incident = data?.incident;
  return (
    <Stack data-testid="analyst-panel">
      <Title order={3} size="h4">
        {t.panel}
      </Title>
      <ErrorNotice error={error} />
      {incident && (
        <>
          <Assessment incident={incident} onDone={refresh} />
          <CaseWorkflow incidentId={incidentId} incidentCase={data?.incidentCase ?? null} onDone={refresh} />
          <Notes incident={incident} forbidden={isForbiddenAt(error, ['incident', 'analystNotes'])} onDone={refresh} />
          {me?.role === 'NCSA' && <ReferenceNumber incident={incident} onDone={refresh} />}
          <IncidentMailHistory incidentId={incidentId} />
        </>
      )}
    </Stack>
  );
}
