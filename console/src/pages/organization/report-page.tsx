import { Alert, Anchor, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { gql, useMutation, useQuery } from 'urql';
import { useLocation } from 'wouter';

import { ErrorNotice, useFieldProblems } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { dateTime } from '../../i18n/dates.js';
import { fill, useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { Countdown } from '../../ui/countdown.js';
import { changedInput, ChoiceField, finalCategory, ReportSections, valuesOf, type Contact, type Values } from './report-fields.js';

export const REPORT_FORM_INCIDENT = gql`
  query ConsoleReportFormIncident($id: ID!) {
    incident(id: $id) {
      id
      status
      continuity
      referenceNumber
      currentRevision
      detectedAt
      reportDueAt
      reportFiledAt
      overdue
      closedAt
      organization {
        id
        pointsOfContact {
          id
          fullName
          position
        }
      }
      report {
        trackingUnit
        affectedUnitName
        affectedUnitAddress
        contact {
          pointOfContactId
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
    }
  }
`;

export const SUBMIT_INCIDENT_REPORT = gql`
  mutation ConsoleOrganizationSubmitReport($input: SubmitIncidentReportInput!) {
    submitIncidentReport(input: $input) {
      id
      status
      currentRevision
      reportFiledAt
      reportOnTime
    }
  }
`;

export const CLOSE_INCIDENT = gql`
  mutation ConsoleOrganizationCloseIncident($input: CloseIncidentInput!) {
    closeIncident(input: $input) {
      id
      status
      currentRevision
      closedAt
    }
  }
`;

interface ReportFormIncident {
  id: string;
  status: string;
  continuity: string;
  referenceNumber: string | null;
  currentRevision: number;
  detectedAt: string;
  reportDueAt: string | null;
  reportFiledAt: string | null;
  overdue: boolean;
  closedAt: string | null;
  organization: { id: string; pointsOfContact: Contact[] };
  report: Record<string, unknown>;
}

const TEXT: Bilingual<
  | 'titleReport'
  | 'titleClose'
  | 'intro'
  | 'introClose'
  | 'deadline'
  | 'revision'
  | 'save'
  | 'close'
  | 'saved'
  | 'nothing'
  | 'back'
  | 'closed'
  | 'finalCategories'
  | 'continuity'
  | 'filedAt'
> = {
  th: {
    titleReport: 'รายงานภัยคุกคามทางไซเบอร์ (แบบ ก2)',
    titleClose: 'รายงานปิดเหตุการณ์ภัยคุกคาม',
    intro: 'ส่งเฉพาะข้อมูลที่ทราบแล้วได้ (รายงานบางส่วน) แล้วปรับปรุงภายหลัง การบันทึกแต่ละครั้งเป็นฉบับปรับปรุงใหม่ ช่องที่ไม่ได้แก้ไขคงค่าเดิม',
    introClose: 'ระบุหมวดหมู่สุดท้ายของภัยคุกคาม (2–7 หรือ 9 เมื่อวิเคราะห์แล้วว่าไม่ใช่ภัยคุกคาม) และแก้ไขรายงานครั้งสุดท้ายได้',
    deadline: 'กำหนดส่ง ก2',
    revision: 'ฉบับที่ {n}',
    save: 'บันทึกรายงาน (ก2)',
    close: 'ส่งรายงานปิดเหตุการณ์',
    saved: 'บันทึกแล้ว เป็นฉบับที่ {n}',
    nothing: 'ยังไม่มีการแก้ไข',
    back: 'กลับไปหน้าเหตุการณ์',
    closed: 'เหตุการณ์นี้ปิดแล้ว แก้ไขรายงานไม่ได้',
    finalCategories: 'หมวดหมู่สุดท้ายของภัยคุกคาม',
    continuity: 'ความต่อเนื่องของเหตุภัยคุกคาม',
    filedAt: 'ส่ง ก2 ครั้งแรก',
  },
  en: {
    titleReport: 'Cyber-threat report (form A2)',
    titleClose: 'Closing report',
    intro:
      'Send what is known (a partial report), then update it. Each save is a new revision; fields you do not change stay as they were.',
    introClose: 'State the final threat categories (2–7, or 9 when it proved not to be a threat) and make any last changes to the report.',
    deadline: 'A2 due',
    revision: 'revision {n}',
    save: 'Save the report (A2)',
    close: 'Send the closing report',
    saved: 'Saved as revision {n}',
    nothing: 'Nothing changed yet',
    back: 'Back to the incident',
    closed: 'This incident is closed: its report cannot change',
    finalCategories: 'Final threat categories',
    continuity: 'Continuity of the threat',
    filedAt: 'First A2 filed',
  },
};

function ReportForm({ id, closing }: { id: string; closing: boolean }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const [, navigate] = useLocation();
  const [{ data, error: loadError }, reload] = useQuery<{ incident: ReportFormIncident | null }>({
    query: REPORT_FORM_INCIDENT,
    variables: { id },
    requestPolicy: 'network-only',
  });
  const incident = data?.incident;
  const before = useMemo(() => (incident ? valuesOf(incident.report) : undefined), [incident]);
  const [values, setValues] = useState<Values | undefined>();
  const [finalCategories, setFinalCategories] = useState<string[]>([]);
  // A key per submission: a retry (dropped connection) sends the same one; after a success, a new one.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [savedRevision, setSavedRevision] = useState<number | undefined>();
  useEffect(() => {
    if (before) setValues(before);
  }, [before]);
  const [submitted, submit] = useMutation(SUBMIT_INCIDENT_REPORT);
  const [closed, close] = useMutation(CLOSE_INCIDENT);
  const error = closing ? closed.error : submitted.error;
  const problems = useFieldProblems(error);

  if (!incident || !values || !before) return <ErrorNotice error={loadError} />;
  const report = changedInput(values, before);
  const unchanged = Object.keys(report).length === 0;

  const save = async () => {
    if (closing) {
      const result = await close({
        input: {
          incidentId: id,
          basedOnRevision: incident.currentRevision,
          idempotencyKey,
          finalCategories,
          ...(unchanged ? {} : { report }),
        },
      });
      if ((result.data as { closeIncident?: { id: string } | null } | undefined)?.closeIncident) navigate(`/incidents/${id}`);
      return;
    }
    const result = await submit({ input: { incidentId: id, basedOnRevision: incident.currentRevision, idempotencyKey, report } });
    const revision = (result.data as { submitIncidentReport?: { currentRevision: number } | null } | undefined)?.submitIncidentReport
      ?.currentRevision;
    if (revision) {
      setSavedRevision(revision);
      setIdempotencyKey(crypto.randomUUID());
      reload({ requestPolicy: 'network-only' });
    }
  };

  return (
    <Stack maw={1100}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>{closing ? t.titleClose : t.titleReport}</Title>
          <Group gap="xs">
            <Badge variant="light">{vocabulary.label('IncidentStatus', incident.status)}</Badge>
            <Badge variant="outline">{fill(t.revision, { n: incident.currentRevision })}</Badge>
            {incident.referenceNumber && <Badge variant="outline">{incident.referenceNumber}</Badge>}
            <Text size="sm">
              {t.continuity}: {vocabulary.label('Continuity', incident.continuity)}
            </Text>
          </Group>
        </Stack>
        <Stack gap={4} align="flex-end" data-testid="report-deadline">
          <Countdown dueAt={incident.reportDueAt} met={!!incident.reportFiledAt} label={t.deadline} />
          {incident.reportFiledAt && (
            <Text size="xs" c="dimmed">
              {t.filedAt}: {dateTime(incident.reportFiledAt, language)}
            </Text>
          )}
        </Stack>
      </Group>
      <Text size="sm" c="dimmed">
        {closing ? t.introClose : t.intro}
      </Text>
      <Anchor href={`#/incidents/${id}`} size="sm">
        {t.back}
      </Anchor>
      {incident.status === 'CLOSED' ? (
        <Alert color="gray">{t.closed}</Alert>
      ) : (
        <form
          aria-label={closing ? t.titleClose : t.titleReport}
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <Stack>
            {closing && (
              <ChoiceField
                list="ThreatCategory"
                path="finalCategories"
                label={t.finalCategories}
                only={finalCategory}
                value={finalCategories}
                onChange={setFinalCategories}
                error={problems.finalCategories ?? problems['input.finalCategories']}
              />
            )}
            <ReportSections
              values={values}
              onChange={(path, value) => setValues((current) => ({ ...current!, [path]: value }))}
              problems={problems}
            />
            <ErrorNotice error={error} />
            {savedRevision && !error && (
              <Alert color="green" data-testid="report-saved">
                {fill(t.saved, { n: savedRevision })}
              </Alert>
            )}
            <Group>
              {closing ? (
                <Button type="submit" color="red" loading={closed.fetching} data-testid="close-submit">
                  {t.close}
                </Button>
              ) : (
                <Button type="submit" loading={submitted.fetching} disabled={unchanged} data-testid="report-save">
                  {t.save}
                </Button>
              )}
              {!closing && unchanged && (
                <Text size="sm" c="dimmed">
                  {t.nothing}
                </Text>
              )}
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}

/** Form ก2: file, then update, the report of an incident (partial saves; each a revision). */
export function ReportPage({ params }: { params: Record<string, string | undefined> }) {
  return <ReportForm key={params.id} id={params.id ?? ''} closing={false} />;
}

/** The closing report (clause 5): the final categories and any last changes. */
export function ClosePage({ params }: { params: Record<string, string | undefined> }) {
  return <ReportForm key={params.id} id={params.id ?? ''} closing />;
}
