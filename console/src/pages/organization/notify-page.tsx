import { Alert, Button, Fieldset, Group, Radio, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { gql, useMutation, useQuery } from 'urql';
import { useLocation } from 'wouter';

import { ErrorNotice, useFieldProblems } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { dateTime } from '../../i18n/dates.js';
import { useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { useSession } from '../../session/session.js';
import { changedInput, emptyValues, NOTIFY_FIELDS, ReportSections, type Values } from './report-fields.js';

export const NOTIFY_CONTEXT = gql`
  query ConsoleNotifyContext {
    me {
      organization {
        id
        pointsOfContact {
          id
          fullName
          position
          isPrimary
        }
      }
    }
    observedCases(first: 50, filter: { notificationPending: true }) {
      edges {
        node {
          id
          observedAt
          whatWasSeen
        }
      }
    }
    incidents(first: 50, filter: { open: true }) {
      edges {
        node {
          id
          detectedAt
          referenceNumber
          categories
        }
      }
    }
  }
`;

export const NOTIFY_INCIDENT = gql`
  mutation ConsoleNotifyIncident($input: NotifyIncidentInput!) {
    notifyIncident(input: $input) {
      id
      status
      currentRevision
      reportDueAt
    }
  }
`;

interface NotifyContext {
  me: {
    organization: { id: string; pointsOfContact: { id: string; fullName: string; position: string | null; isPrimary: boolean }[] } | null;
  };
  observedCases: { edges: { node: { id: string; observedAt: string; whatWasSeen: string } }[] } | null;
  incidents: { edges: { node: { id: string; detectedAt: string; referenceNumber: string | null; categories: string[] } }[] } | null;
}

const TEXT: Bilingual<
  'title' | 'intro' | 'continuity' | 'followUpOf' | 'observedCase' | 'observedCaseHelp' | 'submit' | 'noOrganization' | 'notification'
> = {
  th: {
    title: 'แจ้งเหตุภัยคุกคามทางไซเบอร์ (แบบ ก1)',
    intro: 'ช่องที่ต้องกรอก: ระดับภัยคุกคาม หมวดหมู่ของภัยคุกคาม และวัน เวลา ที่หน่วยงานทราบเหตุ ข้อมูลอื่นในแบบ ก2 ส่งเพิ่มเติมภายหลังได้',
    continuity: 'ความต่อเนื่องของเหตุภัยคุกคาม',
    followUpOf: 'เหตุภัยคุกคามเดิมที่รายงานต่อเนื่อง',
    observedCase: 'เหตุที่ไทยเซิร์ตตรวจพบและขอให้แจ้ง (ถ้ามี)',
    observedCaseHelp: 'การแจ้งนี้ตอบกรณีที่ไทยเซิร์ตตรวจพบ',
    submit: 'แจ้งเหตุ (ก1)',
    noOrganization: 'บัญชีนี้ไม่ได้ผูกกับหน่วยงาน',
    notification: 'การแจ้ง',
  },
  en: {
    title: 'Notify a cyber threat (form A1)',
    intro:
      'Required: the threat level, the threat categories and when the organization became aware of it. The rest of form A2 can follow later.',
    continuity: 'Continuity of the threat',
    followUpOf: 'The earlier incident this follows up',
    observedCase: 'Threat ThaiCERT observed and asked you to notify (if any)',
    observedCaseHelp: 'This notification answers the case ThaiCERT observed',
    submit: 'Notify (A1)',
    noOrganization: 'This account acts for no organization',
    notification: 'Notification',
  },
};

/** Form ก1: the notification, with whatever of ก2 is known; on success, the incident's page. */
export function NotifyPage() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const { me } = useSession();
  const [, navigate] = useLocation();
  const [{ data, error: contextError }] = useQuery<NotifyContext>({ query: NOTIFY_CONTEXT });
  const [{ fetching, error }, notify] = useMutation(NOTIFY_INCIDENT);
  const problems = useFieldProblems(error);
  // One key per form: a retry of the same submission (a dropped connection) is not applied twice.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [values, setValues] = useState<Values>(() => emptyValues(NOTIFY_FIELDS));
  const [continuity, setContinuity] = useState('NEW');
  const [followUpOf, setFollowUpOf] = useState<string | null>(null);
  const [observedCaseId, setObservedCaseId] = useState<string | null>(null);
  const organizationId = data?.me.organization?.id ?? me?.organization?.id;
  const contacts = data?.me.organization?.pointsOfContact ?? [];

  const submit = async () => {
    if (!organizationId) return;
    const report = changedInput(values, emptyValues(NOTIFY_FIELDS), NOTIFY_FIELDS);
    const result = await notify({
      input: {
        organizationId,
        idempotencyKey,
        continuity,
        ...(continuity === 'FOLLOW_UP' && followUpOf ? { followUpOfIncidentId: followUpOf } : {}),
        ...(observedCaseId ? { observedCaseId } : {}),
        report,
      },
    });
    const id = (result.data as { notifyIncident?: { id: string } | null } | undefined)?.notifyIncident?.id;
    if (id) navigate(`/incidents/${id}`);
  };

  if (me && !me.organization) return <Alert color="yellow">{t.noOrganization}</Alert>;
  return (
    <Stack maw={1100}>
      <Title order={2}>{t.title}</Title>
      <Text size="sm" c="dimmed">
        {t.intro}
      </Text>
      <ErrorNotice error={contextError} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
        aria-label={t.title}
      >
        <Stack>
          <Fieldset legend={<Text fw={700}>{t.notification}</Text>} data-testid="section-notification">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Radio.Group
                label={t.continuity}
                value={continuity}
                onChange={setContinuity}
                error={problems.continuity ?? problems['input.continuity']}
                data-testid="field-continuity"
              >
                <Stack gap={4} mt={4}>
                  {vocabulary.choices('Continuity').map((choice) => (
                    <Radio key={choice.value} value={choice.value} label={choice.label} />
                  ))}
                </Stack>
              </Radio.Group>
              {continuity === 'FOLLOW_UP' ? (
                <Select
                  label={t.followUpOf}
                  value={followUpOf}
                  onChange={setFollowUpOf}
                  error={problems.followUpOfIncidentId ?? problems['input.followUpOfIncidentId']}
                  searchable
                  data={(data?.incidents?.edges ?? []).map(({ node }) => ({
                    value: node.id,
                    label: `${dateTime(node.detectedAt, language)} · ${node.referenceNumber ?? node.id.slice(0, 8)} · ${node.categories.map((c) => vocabulary.label('ThreatCategory', c)).join(', ')}`,
                  }))}
                  data-testid="field-followUpOfIncidentId"
                />
              ) : (
                <div />
              )}
              {(data?.observedCases?.edges.length ?? 0) > 0 && (
                <Select
                  label={t.observedCase}
                  description={t.observedCaseHelp}
                  value={observedCaseId}
                  onChange={setObservedCaseId}
                  clearable
                  error={problems.observedCaseId ?? problems['input.observedCaseId']}
                  data={(data?.observedCases?.edges ?? []).map(({ node }) => ({
                    value: node.id,
                    label: `${dateTime(node.observedAt, language)} · ${node.whatWasSeen}`,
                  }))}
                  data-testid="field-observedCaseId"
                />
              )}
            </SimpleGrid>
          </Fieldset>
          <ReportSections
            values={values}
            onChange={(path, value) => setValues((current) => ({ ...current, [path]: value }))}
            problems={problems}
            sections={['A', 'B']}
            fields={NOTIFY_FIELDS}
            contacts={contacts}
          />
          <ErrorNotice error={error} />
          <Group>
            <Button type="submit" loading={fetching} disabled={!organizationId} data-testid="notify-submit">
              {t.submit}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
