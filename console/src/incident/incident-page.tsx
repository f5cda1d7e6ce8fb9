import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Textarea, Timeline, Title } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { gql, useMutation, useQuery, useSubscription, type CombinedError } from 'urql';

import { ErrorNotice, isForbiddenAt, NotVisible, useFieldProblems } from '../api/errors.js';
import { useVocabulary } from '../api/vocabulary.js';
import { dateTime } from '../i18n/dates.js';
import { useLanguage, useText, type Bilingual } from '../i18n/language.js';
import { useSession, type Role } from '../session/session.js';
import { Countdown } from '../ui/countdown.js';
import { DownloadRefusedNotice, useDownload } from '../ui/download.js';
import { usePages, type Connection } from '../ui/paged.js';
import { fieldLabel } from './field-labels.js';
import { INCIDENT_PANELS } from './panels.js';
import { Value, valueText } from './values.js';

export const INCIDENT_PAGE = gql`
  query ConsoleIncidentPage($id: ID!) {
    incident(id: $id) {
      id
      version
      status
      continuity
      referenceNumber
      reportedSeverity
      assessedSeverity
      severity
      categories
      createdAt
      occurredAt
      detectedAt
      reportDueAt
      reportFiledAt
      overdue
      reportOnTime
      regulatorNotificationDueAt
      regulatorNotifiedAt
      regulatorNotificationOverdue
      regulatorReportDueAt
      regulatorReportOverdue
      regulatorReportOnTime
      regulatorReceivedWithoutPartTwo
      closedAt
      currentRevision
      organization {
        id
        nameTh
        nameEn
      }
      followUpOf {
        id
      }
      assessment {
        severity
        recommendations
        assessedAt
      }
      report {
        trackingUnit
        affectedUnitName
        affectedUnitAddress
        contact {
          fullName
          position
          organizationName
          email
          officePhone
          mobilePhone
        }
        criticalToMission
        severity
        occurredAt
        detectedAt
        regulatorNotifiedAt
        categories
        otherCategory
        affectedSystem {
          location
          networkProvider
          affectedService
          hardwareSoftware
          communicationsImpact
          otherDetails
        }
        affectedAssetTypes
        responseSituations
        otherResponseSituation
        actionsTaken
        actionDetails
        otherResponseDetails
        partTwoRestricted
        partTwo {
          attackerFirstAccessAt
          attackerFirstAccessUnknown
          sourcesOrCauses
          sourceOrCauseDetails
          detectedBy
          detectedByDetails
          similarEarlierProblems
          impact {
            ciiSystemsAffected
            otherAssetsAffected
            peopleAffected
            estimatedDamageThb
            personalDataBreach {
              dataSubjects
              dataTypes
              otherDataType
              recordsAffected
            }
            otherImpacts
          }
          cveIds
          exploitedVulnerability
          usedAsPivot
          symptoms
          otherSymptom
          attackTimeline
          otherFindings
          remediationDetails
          recoveryForecast
          endedAt
          preventionActions
          lessonsLearned
        }
      }
      revisions {
        number
        kind
        submittedAt
        submittedBy
        basedOnRevision
        reason
        signatureStatus
        changes {
          field
          before
          after
        }
        partTwoChanges {
          field
          before
          after
        }
      }
      assistanceRequests {
        id
        kinds
        mode
        description
        status
        requestedAt
        response
      }
    }
  }
`;

export const INCIDENT_COMMENTS = gql`
  query ConsoleIncidentComments($id: ID!, $after: String) {
    incident(id: $id) {
      id
      comments(first: 20, after: $after) {
        totalCount
        edges {
          node {
            id
            text
            authorRole
            authorSubject
            writtenAt
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export const ADD_INCIDENT_COMMENT = gql`
  mutation ConsoleAddIncidentComment($incidentId: ID!, $text: String!) {
    addIncidentComment(incidentId: $incidentId, text: $text) {
      id
      text
      authorRole
      writtenAt
    }
  }
`;

export const INCIDENT_PAGE_EVENTS = gql`
  subscription ConsoleIncidentPageEvents($incidentId: ID!) {
    incidentEvents(incidentId: $incidentId) {
      sequence
      type
      occurredAt
    }
  }
`;

type Report = Record<string, unknown> & { partTwo?: Record<string, unknown> | null; partTwoRestricted?: boolean | null };
interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}
interface Revision {
  number: number;
  kind: string;
  submittedAt: string;
  submittedBy: string;
  basedOnRevision: number | null;
  reason: string | null;
  signatureStatus: string;
  changes: FieldChange[];
  partTwoChanges: FieldChange[] | null;
}
interface IncidentDetail {
  id: string;
  status: string;
  continuity: string;
  referenceNumber: string | null;
  reportedSeverity: string;
  assessedSeverity: string | null;
  severity: string;
  categories: string[];
  createdAt: string;
  occurredAt: string | null;
  detectedAt: string;
  reportDueAt: string | null;
  reportFiledAt: string | null;
  overdue: boolean;
  reportOnTime: boolean | null;
  regulatorNotificationDueAt: string | null;
  regulatorNotifiedAt: string | null;
  regulatorNotificationOverdue: boolean;
  regulatorReportDueAt: string | null;
  regulatorReportOverdue: boolean;
  regulatorReportOnTime: boolean | null;
  regulatorReceivedWithoutPartTwo: boolean;
  closedAt: string | null;
  currentRevision: number;
  organization: { id: string; nameTh: string; nameEn: string };
  followUpOf: { id: string } | null;
  assessment: { severity: string; recommendations: string; assessedAt: string } | null;
  report: Report;
  revisions: Revision[];
  assistanceRequests: {
    id: string;
    kinds: string[];
    mode: string;
    description: string;
    status: string;
    requestedAt: string;
    response: string | null;
  }[];
}
interface Comment {
  id: string;
  text: string;
  authorRole: string;
  authorSubject: string;
  writtenAt: string;
}

const TEXT: Bilingual<
  | 'title'
  | 'notFound'
  | 'notification'
  | 'report'
  | 'sectionA'
  | 'sectionB'
  | 'sectionC'
  | 'partTwo'
  | 'partTwoRestricted'
  | 'receivedWithoutPartTwo'
  | 'status'
  | 'continuity'
  | 'followUpOf'
  | 'reference'
  | 'organization'
  | 'reportedLevel'
  | 'assessedLevel'
  | 'level'
  | 'notifiedAt'
  | 'detectedAt'
  | 'occurredAt'
  | 'categories'
  | 'closedAt'
  | 'deadlines'
  | 'reportDue'
  | 'notifyRegulator'
  | 'reportRegulator'
  | 'onTime'
  | 'late'
  | 'assessment'
  | 'noAssessment'
  | 'recommendations'
  | 'assessedAt'
  | 'revisions'
  | 'revisionTitle'
  | 'basedOn'
  | 'by'
  | 'noChanges'
  | 'field'
  | 'before'
  | 'after'
  | 'reason'
  | 'partTwoChanges'
  | 'signature'
  | 'comments'
  | 'noComments'
  | 'newComment'
  | 'addComment'
  | 'commentAdded'
  | 'print'
  | 'assistance'
  | 'updated'
> = {
  th: {
    title: 'เหตุการณ์ภัยคุกคามทางไซเบอร์',
    notFound: 'ไม่พบเหตุการณ์นี้ หรือท่านไม่มีสิทธิ์เห็น',
    notification: 'การแจ้งเหตุ (ก1)',
    report: 'รายงานเหตุการณ์ (ก2)',
    sectionA: 'ส่วน ก ข้อมูลหน่วยงานและผู้ประสานงาน',
    sectionB: 'ส่วน ข ข้อมูลเหตุการณ์',
    sectionC: 'ส่วน ค การรับมือ',
    partTwo: 'ส่วนที่ 2 (ง) รายละเอียดภัยคุกคาม',
    partTwoRestricted: 'ส่วนที่ 2 เปิดเผยเฉพาะ สกมช. และไทยเซิร์ตตามที่หน่วยงานผู้รายงานกำหนด',
    receivedWithoutPartTwo: 'หน่วยงานควบคุมหรือกำกับดูแลได้รับรายงานโดยไม่มีส่วนที่ 2',
    status: 'สถานะ',
    continuity: 'ความต่อเนื่อง',
    followUpOf: 'ต่อเนื่องจากเหตุการณ์',
    reference: 'หมายเลขอ้างอิง สกมช.',
    organization: 'หน่วยงานผู้รายงาน',
    reportedLevel: 'ระดับที่หน่วยงานรายงาน',
    assessedLevel: 'ระดับที่ไทยเซิร์ตประเมิน',
    level: 'ระดับภัยคุกคาม',
    notifiedAt: 'แจ้งเหตุเมื่อ',
    detectedAt: 'ทราบเหตุเมื่อ',
    occurredAt: 'เกิดเหตุเมื่อ',
    categories: 'ประเภทภัยคุกคาม',
    closedAt: 'ปิดเหตุการณ์เมื่อ',
    deadlines: 'กำหนดเวลา',
    reportDue: 'ส่ง ก2',
    notifyRegulator: 'แจ้งหน่วยงานกำกับ',
    reportRegulator: 'รายงานหน่วยงานกำกับ',
    onTime: 'ตรงเวลา',
    late: 'ล่าช้า',
    assessment: 'การประเมินและข้อแนะนำของไทยเซิร์ต',
    noAssessment: 'ไทยเซิร์ตยังไม่ได้ประเมิน',
    recommendations: 'ข้อแนะนำ',
    assessedAt: 'ประเมินเมื่อ',
    revisions: 'ประวัติการส่งข้อมูล',
    revisionTitle: 'ฉบับที่ {n}: {kind}',
    basedOn: 'จัดทำจากฉบับที่ {n}',
    by: 'โดย {who} เมื่อ {when}',
    noChanges: 'ไม่มีการเปลี่ยนแปลงในส่วน ก–ค',
    field: 'ข้อมูล',
    before: 'ก่อน',
    after: 'หลัง',
    reason: 'เหตุผล',
    partTwoChanges: 'การเปลี่ยนแปลงในส่วนที่ 2',
    signature: 'ลายมือชื่อดิจิทัล',
    comments: 'ความเห็น',
    noComments: 'ยังไม่มีความเห็น',
    newComment: 'ความเห็นใหม่',
    addComment: 'เพิ่มความเห็น',
    commentAdded: 'บันทึกความเห็นแล้ว',
    print: 'พิมพ์แบบฟอร์ม',
    assistance: 'คำขอความช่วยเหลือ',
    updated: 'ข้อมูลเพิ่งอัปเดต: {what}',
  },
  en: {
    title: 'Cyber-threat incident',
    notFound: 'No such incident, or not visible to you',
    notification: 'Notification (ก1)',
    report: 'Incident report (ก2)',
    sectionA: 'Section ก: organization and contact',
    sectionB: 'Section ข: the incident',
    sectionC: 'Section ค: response',
    partTwo: 'Part 2 (ง): threat details',
    partTwoRestricted: 'The reporting organization restricted part 2 to NCSA and ThaiCERT',
    receivedWithoutPartTwo: 'The regulator received the report without part 2',
    status: 'Status',
    continuity: 'Continuity',
    followUpOf: 'Follow-up of',
    reference: 'NCSA reference number',
    organization: 'Reporting organization',
    reportedLevel: 'Level as reported',
    assessedLevel: 'Level as ThaiCERT assessed',
    level: 'Threat level',
    notifiedAt: 'Notified',
    detectedAt: 'Detected',
    occurredAt: 'Occurred',
    categories: 'Threat categories',
    closedAt: 'Closed',
    deadlines: 'Deadlines',
    reportDue: 'ก2 report',
    notifyRegulator: 'Notify regulator',
    reportRegulator: 'Report to regulator',
    onTime: 'on time',
    late: 'late',
    assessment: "ThaiCERT's assessment and recommendations",
    noAssessment: 'ThaiCERT has not assessed it yet',
    recommendations: 'Recommendations',
    assessedAt: 'Assessed',
    revisions: 'Submissions',
    revisionTitle: 'Revision {n}: {kind}',
    basedOn: 'made against revision {n}',
    by: 'by {who} at {when}',
    noChanges: 'No change in sections ก–ค',
    field: 'Field',
    before: 'Before',
    after: 'After',
    reason: 'Reason',
    partTwoChanges: 'Changes in part 2',
    signature: 'Digital signature',
    comments: 'Comments',
    noComments: 'No comments yet',
    newComment: 'New comment',
    addComment: 'Add comment',
    commentAdded: 'Comment recorded',
    print: 'Print the form',
    assistance: 'Assistance requests',
    updated: 'Just updated: {what}',
  },
};

const COMMENTERS: readonly Role[] = ['REGULATOR', 'THAICERT', 'NCSA'];
const SECTION_A = ['trackingUnit', 'affectedUnitName', 'affectedUnitAddress', 'contact', 'criticalToMission', 'severity'];
const SECTION_B = [
  'occurredAt',
  'detectedAt',
  'regulatorNotifiedAt',
  'categories',
  'otherCategory',
  'affectedSystem',
  'affectedAssetTypes',
];
const SECTION_C = ['responseSituations', 'otherResponseSituation', 'actionsTaken', 'actionDetails', 'otherResponseDetails'];

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {children}
    </div>
  );
}

/** Some fields of a report, each with its form label and its value in words. */
function ReportFields({ values, fields, prefix = '' }: { values: Record<string, unknown>; fields: string[]; prefix?: string }) {
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      {fields.map((field) => (
        <Fact key={field} label={fieldLabel(prefix + field, language)}>
          <Value text={valueText(field, values[field], vocabulary, language)} />
        </Fact>
      ))}
    </SimpleGrid>
  );
}

function ChangeTable({ changes }: { changes: FieldChange[] }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table withTableBorder data-testid="revision-diff">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t.field}</Table.Th>
            <Table.Th>{t.before}</Table.Th>
            <Table.Th>{t.after}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {changes.map((change) => (
            <Table.Tr key={change.field}>
              <Table.Td>{fieldLabel(change.field, language)}</Table.Td>
              <Table.Td c="dimmed" style={{ textDecoration: 'line-through', whiteSpace: 'pre-wrap' }}>
                {valueText(change.field, change.before, vocabulary, language)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{valueText(change.field, change.after, vocabulary, language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Revisions({ revisions, error }: { revisions: Revision[]; error: CombinedError | undefined }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="sm">
        {t.revisions}
      </Title>
      <Timeline active={revisions.length - 1} bulletSize={20} lineWidth={2}>
        {revisions.map((revision, index) => (
          <Timeline.Item
            key={revision.number}
            data-testid="revision"
            title={t.revisionTitle
              .replace('{n}', String(revision.number))
              .replace('{kind}', vocabulary.label('RevisionKind', revision.kind))}
          >
            <Text size="xs" c="dimmed">
              {t.by.replace('{who}', revision.submittedBy).replace('{when}', dateTime(revision.submittedAt, language))}
              {revision.basedOnRevision ? ` · ${t.basedOn.replace('{n}', String(revision.basedOnRevision))}` : ''}
              {` · ${t.signature}: ${vocabulary.label('SignatureStatus', revision.signatureStatus)}`}
            </Text>
            {revision.reason && (
              <Text size="sm">
                {t.reason}: {revision.reason}
              </Text>
            )}
            <Stack gap="xs" mt="xs">
              {revision.changes.length ? (
                <ChangeTable changes={revision.changes} />
              ) : (
                <Text size="sm" c="dimmed">
                  {t.noChanges}
                </Text>
              )}
              {isForbiddenAt(error, ['incident', 'revisions', index, 'partTwoChanges']) ? (
                <Group gap="xs">
                  <Text size="sm">{t.partTwoChanges}:</Text>
                  <NotVisible />
                </Group>
              ) : revision.partTwoChanges?.length ? (
                <>
                  <Text size="sm" fw={500}>
                    {t.partTwoChanges}
                  </Text>
                  <ChangeTable changes={revision.partTwoChanges} />
                </>
              ) : null}
            </Stack>
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  );
}

function Comments({ incidentId, refresh }: { incidentId: string; refresh: number }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const { me } = useSession();
  const pages = usePages();
  const [{ data, error }, reexecute] = useQuery<{ incident: { id: string; comments: Connection<Comment> } | null }>({
    query: INCIDENT_COMMENTS,
    variables: { id: incidentId, after: pages.after },
  });
  useEffect(() => {
    if (refresh) reexecute({ requestPolicy: 'network-only' });
  }, [refresh, reexecute]);
  const [added, addComment] = useMutation(ADD_INCIDENT_COMMENT);
  const [text, setText] = useState('');
  const [done, setDone] = useState(false);
  const problems = useFieldProblems(added.error);
  const comments = data?.incident?.comments;
  const submit = async () => {
    setDone(false);
    const result = await addComment({ incidentId, text });
    if (!result.error) {
      setText('');
      setDone(true);
      reexecute({ requestPolicy: 'network-only' });
    }
  };
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="sm">
        {t.comments}
      </Title>
      {isForbiddenAt(error, ['incident', 'comments']) ? <NotVisible /> : <ErrorNotice error={error} />}
      <Stack gap="sm">
        {comments?.edges.map(({ node }) => (
          <Card key={node.id} withBorder padding="sm" data-testid="comment">
            <Text size="xs" c="dimmed">
              {vocabulary.label('CommentAuthorRole', node.authorRole)} · {node.authorSubject} · {dateTime(node.writtenAt, language)}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {node.text}
            </Text>
          </Card>
        ))}
        {comments?.edges.length === 0 && (
          <Text size="sm" c="dimmed">
            {t.noComments}
          </Text>
        )}
        {pages.controls(comments)}
        {me && COMMENTERS.includes(me.role) && (
          <Stack gap="xs">
            <Textarea
              label={t.newComment}
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
              autosize
              minRows={2}
              error={problems.text}
            />
            <ErrorNotice error={added.error} />
            {done && (
              <Text size="sm" c="teal" role="status">
                {t.commentAdded}
              </Text>
            )}
            <Group>
              <Button onClick={submit} loading={added.fetching} disabled={!text.trim()}>
                {t.addComment}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

function PartTwo({ report, error, withheld }: { report: Report; error: CombinedError | undefined; withheld: boolean }) {
  const t = useText(TEXT);
  const partTwo = report.partTwo;
  const forbidden = isForbiddenAt(error, ['incident', 'report', 'partTwo']);
  return (
    <Card withBorder data-testid="part-two">
      <Title order={3} size="h4" mb="sm">
        {t.partTwo}
      </Title>
      {report.partTwoRestricted && (
        <Alert color="gray" mb="sm" data-testid="part-two-restricted">
          {t.partTwoRestricted}
          {withheld ? ` · ${t.receivedWithoutPartTwo}` : ''}
        </Alert>
      )}
      {forbidden ? (
        <NotVisible />
      ) : partTwo ? (
        <Stack gap="sm">
          <ReportFields
            values={partTwo}
            prefix="partTwo."
            fields={[
              'attackerFirstAccessAt',
              'attackerFirstAccessUnknown',
              'sourcesOrCauses',
              'sourceOrCauseDetails',
              'detectedBy',
              'detectedByDetails',
              'similarEarlierProblems',
              'cveIds',
              'exploitedVulnerability',
              'usedAsPivot',
              'symptoms',
              'otherSymptom',
              'attackTimeline',
              'otherFindings',
              'remediationDetails',
              'recoveryForecast',
              'endedAt',
              'preventionActions',
              'lessonsLearned',
            ]}
          />
          {partTwo.impact ? (
            <ReportFields
              values={partTwo.impact as Record<string, unknown>}
              prefix="impact."
              fields={[
                'ciiSystemsAffected',
                'otherAssetsAffected',
                'peopleAffected',
                'estimatedDamageThb',
                'personalDataBreach',
                'otherImpacts',
              ]}
            />
          ) : null}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          —
        </Text>
      )}
    </Card>
  );
}

/**
 * One incident as every signed-in role sees it: ก1 and ก2 facts, deadlines, ThaiCERT's assessment,
 * the revisions with their diffs, comments, part 2 (or that it is not visible), the printable form;
 * kept current by the incident's own events. Below it, each role's panel of actions.
 */
export function IncidentPage({ params }: { params: Record<string, string | undefined> }) {
  const incidentId = params.id ?? '';
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const { me } = useSession();
  const download = useDownload();
  const [{ data, error, fetching }, reexecute] = useQuery<{ incident: IncidentDetail | null }>({
    query: INCIDENT_PAGE,
    variables: { id: incidentId },
  });
  const [events] = useSubscription<{ incidentEvents: { sequence: number; type: string; occurredAt: string } | null }>({
    query: INCIDENT_PAGE_EVENTS,
    variables: { incidentId },
  });
  const event = events.data?.incidentEvents;
  useEffect(() => {
    if (event) reexecute({ requestPolicy: 'network-only' });
  }, [event?.sequence, reexecute]);
  const incident = data?.incident;
  if (!incident)
    return fetching ? null : (
      <Stack>
        <ErrorNotice error={error} />
        {!error && <Text>{t.notFound}</Text>}
      </Stack>
    );
  const name = language === 'th' ? incident.organization.nameTh : incident.organization.nameEn;
  const notifiedAt = incident.revisions[0]?.submittedAt ?? incident.createdAt;
  const panels = INCIDENT_PANELS.filter((panel) => me && panel.roles.includes(me.role));
  const judged = (onTime: boolean | null) => (onTime === null ? '' : onTime ? t.onTime : t.late);
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{t.title}</Title>
          <Text size="sm" c="dimmed" data-testid="incident-heading">
            {name} · {incident.referenceNumber ?? incident.id}
          </Text>
        </div>
        <Group>
          <Badge size="lg" variant="light" data-testid="incident-status">
            {vocabulary.label('IncidentStatus', incident.status)}
          </Badge>
          <Badge size="lg" color="grape" variant="light" data-testid="incident-level">
            {vocabulary.label('ThreatLevel', incident.severity)}
          </Badge>
          <Button
            variant="default"
            onClick={() => download.open(`/downloads/incident/${encodeURIComponent(incident.id)}.html`)}
            loading={download.busy}
          >
            {t.print}
          </Button>
        </Group>
      </Group>
      <DownloadRefusedNotice code={download.refused} />
      <ErrorNotice error={error} />
      {event && (
        <Text size="sm" c="teal" role="status" data-testid="incident-live">
          {t.updated.replace('{what}', vocabulary.label('IncidentEventType', event.type))} · {dateTime(event.occurredAt, language)}
        </Text>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={3} size="h4" mb="sm">
            {t.notification}
          </Title>
          <SimpleGrid cols={2} spacing="sm">
            <Fact label={t.organization}>
              <Value text={name} />
            </Fact>
            <Fact label={t.reference}>
              <Value text={incident.referenceNumber ?? '—'} />
            </Fact>
            <Fact label={t.notifiedAt}>
              <Value text={dateTime(notifiedAt, language)} />
            </Fact>
            <Fact label={t.continuity}>
              <Value text={vocabulary.label('Continuity', incident.continuity)} />
            </Fact>
            {incident.followUpOf && (
              <Fact label={t.followUpOf}>
                <Anchor size="sm" href={`#/incidents/${incident.followUpOf.id}`}>
                  {incident.followUpOf.id}
                </Anchor>
              </Fact>
            )}
            <Fact label={t.detectedAt}>
              <Value text={dateTime(incident.detectedAt, language)} />
            </Fact>
            <Fact label={t.occurredAt}>
              <Value text={dateTime(incident.occurredAt, language)} />
            </Fact>
            <Fact label={t.reportedLevel}>
              <Value text={vocabulary.label('ThreatLevel', incident.reportedSeverity)} />
            </Fact>
            <Fact label={t.assessedLevel}>
              <Value text={incident.assessedSeverity ? vocabulary.label('ThreatLevel', incident.assessedSeverity) : '—'} />
            </Fact>
            <Fact label={t.categories}>
              <Value text={valueText('categories', incident.categories, vocabulary, language)} />
            </Fact>
            {incident.closedAt && (
              <Fact label={t.closedAt}>
                <Value text={dateTime(incident.closedAt, language)} />
              </Fact>
            )}
          </SimpleGrid>
        </Card>
        <Stack>
          <Card withBorder data-testid="incident-deadlines">
            <Title order={3} size="h4" mb="sm">
              {t.deadlines}
            </Title>
            <Stack gap="xs" align="flex-start">
              <Group gap="xs">
                <Countdown dueAt={incident.reportDueAt} met={!!incident.reportFiledAt} label={t.reportDue} />
                <Text size="xs">{judged(incident.reportOnTime)}</Text>
              </Group>
              <Countdown dueAt={incident.regulatorNotificationDueAt} met={!!incident.regulatorNotifiedAt} label={t.notifyRegulator} />
              <Group gap="xs">
                <Countdown
                  dueAt={incident.regulatorReportDueAt}
                  met={!!incident.regulatorReportDueAt && !!incident.reportFiledAt}
                  label={t.reportRegulator}
                />
                <Text size="xs">{judged(incident.regulatorReportOnTime)}</Text>
              </Group>
            </Stack>
          </Card>
          <Card withBorder data-testid="incident-assessment">
            <Title order={3} size="h4" mb="sm">
              {t.assessment}
            </Title>
            {isForbiddenAt(error, ['incident', 'assessment']) ? (
              <NotVisible />
            ) : incident.assessment ? (
              <Stack gap="xs">
                <Fact label={t.level}>
                  <Value text={vocabulary.label('ThreatLevel', incident.assessment.severity)} />
                </Fact>
                <Fact label={t.recommendations} testId="incident-recommendations">
                  <Value text={incident.assessment.recommendations} />
                </Fact>
                <Fact label={t.assessedAt}>
                  <Value text={dateTime(incident.assessment.assessedAt, language)} />
                </Fact>
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                {t.noAssessment}
              </Text>
            )}
          </Card>
        </Stack>
      </SimpleGrid>

      <Card withBorder data-testid="incident-report">
        <Title order={3} size="h4" mb="sm">
          {t.report}
        </Title>
        <Stack>
          <Title order={4} size="h6">
            {t.sectionA}
          </Title>
          <ReportFields values={incident.report} fields={SECTION_A} />
          <Title order={4} size="h6">
            {t.sectionB}
          </Title>
          <ReportFields values={incident.report} fields={SECTION_B} />
          <Title order={4} size="h6">
            {t.sectionC}
          </Title>
          <ReportFields values={incident.report} fields={SECTION_C} />
        </Stack>
      </Card>

      <PartTwo report={incident.report} error={error} withheld={incident.regulatorReceivedWithoutPartTwo} />

      {incident.assistanceRequests.length > 0 && (
        <Card withBorder>
          <Title order={3} size="h4" mb="sm">
            {t.assistance}
          </Title>
          <Stack gap="xs">
            {incident.assistanceRequests.map((request) => (
              <Text key={request.id} size="sm">
                {dateTime(request.requestedAt, language)} ·{' '}
                {valueText(
                  'kinds',
                  request.kinds.map((k) => vocabulary.label('AssistanceKind', k)),
                  vocabulary,
                  language,
                )}{' '}
                · {vocabulary.label('AssistanceMode', request.mode)} · {vocabulary.label('AssistanceStatus', request.status)}:{' '}
                {request.description}
                {request.response ? ` → ${request.response}` : ''}
              </Text>
            ))}
          </Stack>
        </Card>
      )}

      <Revisions revisions={incident.revisions} error={error} />
      <Comments incidentId={incident.id} refresh={event?.sequence ?? 0} />

      {panels.map((panel, index) => (
        <panel.component key={index} incidentId={incident.id} />
      ))}
    </Stack>
  );
}
