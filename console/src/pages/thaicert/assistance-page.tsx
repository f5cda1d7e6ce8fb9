import { Anchor, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Switch, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { gql, useMutation, useQuery } from 'urql';

import { ErrorNotice, useFieldProblems } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { dateTime } from '../../i18n/dates.js';
import { fill, useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { useLiveTick, useRefresh } from '../../ui/live-refresh.js';
import { usePages, type Connection } from '../../ui/paged.js';

/**
 * The graph has no national list of assistance requests: they are read from the incidents, a page at a time
 * (open ones by default), and the incidents without a request are left out of the page.
 */
export const ASSISTANCE_QUEUE = gql`
  query ConsoleAssistanceQueue($after: String, $filter: IncidentFilter) {
    incidents(first: 50, after: $after, filter: $filter) {
      totalCount
      edges {
        node {
          id
          severity
          status
          referenceNumber
          organization {
            id
            nameTh
            nameEn
          }
          assistanceRequests {
            id
            version
            kinds
            mode
            description
            status
            requestedBy
            requestedAt
            response
            firstRespondedAt
            resolvedAt
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

export const ANSWER_ASSISTANCE = gql`
  mutation ConsoleAnswerAssistanceRequest($input: AssistanceAnswerInput!) {
    answerAssistanceRequest(input: $input) {
      id
      version
      status
      response
      firstRespondedAt
      resolvedAt
    }
  }
`;

interface AssistanceRequest {
  id: string;
  version: number;
  kinds: string[];
  mode: string;
  description: string;
  status: string;
  requestedBy: string;
  requestedAt: string;
  response: string | null;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
}
interface QueueIncident {
  id: string;
  severity: string;
  status: string;
  referenceNumber: string | null;
  organization: { id: string; nameTh: string; nameEn: string };
  assistanceRequests: AssistanceRequest[];
}

const TEXT: Bilingual<
  | 'title'
  | 'intro'
  | 'includeClosed'
  | 'onlyWaiting'
  | 'incident'
  | 'requested'
  | 'by'
  | 'kinds'
  | 'mode'
  | 'answer'
  | 'newStatus'
  | 'response'
  | 'send'
  | 'sent'
  | 'firstAnswer'
  | 'resolved'
  | 'none'
  | 'scanned'
> = {
  th: {
    title: 'คำขอความช่วยเหลือจากหน่วยงาน',
    intro: 'คำขอความช่วยเหลือของแต่ละเหตุการณ์ และคำตอบของไทยเซิร์ต',
    includeClosed: 'รวมเหตุการณ์ที่ปิดแล้ว',
    onlyWaiting: 'เฉพาะที่ยังไม่เสร็จสิ้น',
    incident: 'เหตุการณ์',
    requested: 'ขอเมื่อ',
    by: 'โดย',
    kinds: 'ความช่วยเหลือที่ขอ',
    mode: 'รูปแบบ',
    answer: 'ตอบคำขอ',
    newStatus: 'สถานะ',
    response: 'คำตอบถึงหน่วยงาน',
    send: 'ส่งคำตอบ',
    sent: 'ส่งคำตอบแล้ว',
    firstAnswer: 'ตอบครั้งแรก',
    resolved: 'เสร็จสิ้น',
    none: 'ไม่มีคำขอความช่วยเหลือในหน้านี้',
    scanned: 'เหตุการณ์ในหน้านี้ {count} รายการ มีคำขอ {requests} รายการ',
  },
  en: {
    title: 'Assistance requests from organizations',
    intro: 'Each incident’s requests for assistance and ThaiCERT’s answers',
    includeClosed: 'Include closed incidents',
    onlyWaiting: 'Only those not finished',
    incident: 'Incident',
    requested: 'Requested',
    by: 'by',
    kinds: 'Help asked for',
    mode: 'Mode',
    answer: 'Answer',
    newStatus: 'Status',
    response: 'Answer to the organization',
    send: 'Send answer',
    sent: 'Answer sent',
    firstAnswer: 'First answered',
    resolved: 'Resolved',
    none: 'No assistance requests on this page',
    scanned: '{count} incidents on this page, {requests} requests',
  },
};

const FINISHED = ['COMPLETED', 'DECLINED'];

function Answer({ request, onDone }: { request: AssistanceRequest; onDone(): void }) {
  const t = useText(TEXT);
  const vocabulary = useVocabulary();
  const [status, setStatus] = useState<string | null>(request.status === 'REQUESTED' ? 'ACCEPTED' : request.status);
  const [response, setResponse] = useState(request.response ?? '');
  const [result, answer] = useMutation(ANSWER_ASSISTANCE);
  const [sent, setSent] = useState(false);
  const problems = useFieldProblems(result.error);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setSent(false);
        void answer({ input: { id: request.id, expectedVersion: request.version, status, response } }).then((r) => {
          if (!r.error) {
            setSent(true);
            onDone();
          }
        });
      }}
    >
      <Stack gap="xs" data-testid="assistance-answer-form">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t.newStatus}
            allowDeselect={false}
            data={vocabulary.choices('AssistanceStatus')}
            value={status}
            onChange={setStatus}
            error={problems['input.status']}
          />
          <Textarea
            label={t.response}
            autosize
            minRows={2}
            style={{ gridColumn: 'span 2' }}
            value={response}
            onChange={(e) => setResponse(e.currentTarget.value)}
            error={problems['input.response']}
          />
        </SimpleGrid>
        <ErrorNotice error={result.error} />
        <Group>
          <Button type="submit" size="xs" loading={result.fetching} disabled={!response.trim()}>
            {t.send}
          </Button>
          {sent && (
            <Text size="sm" c="green" role="status">
              {t.sent}
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** ThaiCERT's assistance queue: every request organizations made, with the answer form; live. */
export function AssistancePage() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const [includeClosed, setIncludeClosed] = useState(false);
  const [onlyWaiting, setOnlyWaiting] = useState(true);
  const pages = usePages();
  const [{ data, error }, reexecute] = useQuery<{ incidents: Connection<QueueIncident> | null }>({
    query: ASSISTANCE_QUEUE,
    variables: { after: pages.after, filter: includeClosed ? {} : { open: true } },
  });
  useRefresh(useLiveTick('incidents', ['ASSISTANCE_REQUESTED', 'ASSISTANCE_UPDATED', 'CLOSED']), reexecute);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const incidents = data?.incidents?.edges.map((edge) => edge.node) ?? [];
  const items = incidents.flatMap((incident) =>
    incident.assistanceRequests
      .filter((request) => !onlyWaiting || !FINISHED.includes(request.status))
      .map((request) => ({ incident, request })),
  );
  items.sort((a, b) => a.request.requestedAt.localeCompare(b.request.requestedAt));
  return (
    <Stack>
      <div>
        <Title order={2}>{t.title}</Title>
        <Text size="sm" c="dimmed">
          {t.intro}
        </Text>
      </div>
      <Group>
        <Switch
          label={t.includeClosed}
          checked={includeClosed}
          onChange={(e) => {
            setIncludeClosed(e.currentTarget.checked);
            pages.reset();
          }}
        />
        <Switch label={t.onlyWaiting} checked={onlyWaiting} onChange={(e) => setOnlyWaiting(e.currentTarget.checked)} />
      </Group>
      <ErrorNotice error={error} />
      {data?.incidents && (
        <Text size="sm" c="dimmed">
          {fill(t.scanned, { count: incidents.length, requests: items.length })}
        </Text>
      )}
      {data?.incidents && items.length === 0 && <Text c="dimmed">{t.none}</Text>}
      {items.map(({ incident, request }) => (
        <Card key={request.id} withBorder data-testid="assistance-request" data-request-id={request.id} data-status={request.status}>
          <Group justify="space-between" mb="xs">
            <Group gap="xs">
              <Anchor href={`#/incidents/${incident.id}`}>
                {t.incident} {incident.referenceNumber ?? `…${incident.id.slice(-8)}`}
              </Anchor>
              <Text size="sm">{language === 'th' ? incident.organization.nameTh : incident.organization.nameEn}</Text>
              <Badge variant="light">{vocabulary.label('ThreatLevel', incident.severity)}</Badge>
            </Group>
            <Badge color={FINISHED.includes(request.status) ? 'gray' : request.status === 'REQUESTED' ? 'orange' : 'blue'}>
              {vocabulary.label('AssistanceStatus', request.status)}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            {t.requested} {dateTime(request.requestedAt, language)} {t.by} {request.requestedBy}
            {request.firstRespondedAt && ` · ${t.firstAnswer} ${dateTime(request.firstRespondedAt, language)}`}
            {request.resolvedAt && ` · ${t.resolved} ${dateTime(request.resolvedAt, language)}`}
          </Text>
          <Group gap="xs" my="xs">
            <Text size="sm">{t.kinds}:</Text>
            {request.kinds.map((kind) => (
              <Badge key={kind} variant="outline" size="sm">
                {vocabulary.label('AssistanceKind', kind)}
              </Badge>
            ))}
            <Text size="sm">{t.mode}:</Text>
            <Badge variant="outline" size="sm">
              {vocabulary.label('AssistanceMode', request.mode)}
            </Badge>
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} mb="sm">
            {request.description}
          </Text>
          <Answer key={request.version} request={request} onDone={refresh} />
        </Card>
      ))}
      {pages.controls(data?.incidents ?? undefined)}
    </Stack>
  );
}
