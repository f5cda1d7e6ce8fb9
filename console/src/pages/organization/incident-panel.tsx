import { Alert, Badge, Button, Card, Checkbox, Group, Radio, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { gql, useMutation, useQuery } from 'urql';

import { ErrorNotice, useFieldProblems } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { dateTime } from '../../i18n/dates.js';
import { useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { Countdown } from '../../ui/countdown.js';

export const REPORTER_PANEL_INCIDENT = gql`
  query ConsoleReporterPanelIncident($id: ID!) {
    incident(id: $id) {
      id
      status
      currentRevision
      reportDueAt
      reportFiledAt
      assistanceRequests {
        id
        kinds
        mode
        description
        status
        requestedAt
        response
        firstRespondedAt
        resolvedAt
      }
    }
  }
`;

export const FILE_DATA_UNAVAILABLE_NOTICE = gql`
  mutation ConsoleOrganizationDataUnavailableNotice($input: DataUnavailableNoticeInput!) {
    fileDataUnavailableNotice(input: $input) {
      id
      currentRevision
    }
  }
`;

export const REQUEST_ASSISTANCE = gql`
  mutation ConsoleOrganizationRequestAssistance($input: AssistanceRequestInput!) {
    requestAssistance(input: $input) {
      id
      status
    }
  }
`;

interface AssistanceRequest {
  id: string;
  kinds: string[];
  mode: string;
  description: string;
  status: string;
  requestedAt: string;
  response: string | null;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
}
interface PanelIncident {
  id: string;
  status: string;
  currentRevision: number;
  reportDueAt: string | null;
  reportFiledAt: string | null;
  assistanceRequests: AssistanceRequest[];
}

const TEXT: Bilingual<
  | 'title'
  | 'fill'
  | 'update'
  | 'close'
  | 'unavailable'
  | 'unavailableReason'
  | 'unavailableSubmit'
  | 'unavailableDone'
  | 'assistance'
  | 'kinds'
  | 'mode'
  | 'description'
  | 'assistanceSubmit'
  | 'assistanceDone'
  | 'requests'
  | 'requested'
  | 'status'
  | 'response'
  | 'none'
  | 'cancel'
  | 'deadline'
  | 'closed'
> = {
  th: {
    title: 'การดำเนินการของหน่วยงาน',
    fill: 'กรอกรายงาน ก2',
    update: 'ปรับปรุงรายงาน ก2',
    close: 'รายงานปิดเหตุการณ์',
    unavailable: 'แจ้งว่าไม่สามารถจัดเตรียมข้อมูลได้',
    unavailableReason: 'เหตุผลที่ไม่สามารถจัดเตรียมข้อมูลได้',
    unavailableSubmit: 'ส่งหนังสือแจ้ง',
    unavailableDone: 'ส่งหนังสือแจ้งแล้ว',
    assistance: 'ขอความช่วยเหลือจากไทยเซิร์ต',
    kinds: 'ความช่วยเหลือที่ต้องการ',
    mode: 'รูปแบบการช่วยเหลือ',
    description: 'รายละเอียดความช่วยเหลือที่ต้องการ',
    assistanceSubmit: 'ส่งคำขอความช่วยเหลือ',
    assistanceDone: 'ส่งคำขอแล้ว',
    requests: 'คำขอความช่วยเหลือ',
    requested: 'ขอเมื่อ',
    status: 'สถานะ',
    response: 'คำตอบของไทยเซิร์ต',
    none: 'ยังไม่มีคำขอ',
    cancel: 'ยกเลิก',
    deadline: 'กำหนดส่ง ก2',
    closed: 'เหตุการณ์ปิดแล้ว',
  },
  en: {
    title: "The organization's actions",
    fill: 'Fill in the A2 report',
    update: 'Update the A2 report',
    close: 'Closing report',
    unavailable: 'Notify that the data cannot be provided',
    unavailableReason: 'Why the data cannot be provided',
    unavailableSubmit: 'Send the notice',
    unavailableDone: 'Notice sent',
    assistance: 'Ask ThaiCERT for assistance',
    kinds: 'Assistance needed',
    mode: 'Where',
    description: 'What help is needed',
    assistanceSubmit: 'Send the request',
    assistanceDone: 'Request sent',
    requests: 'Assistance requests',
    requested: 'Requested',
    status: 'Status',
    response: "ThaiCERT's answer",
    none: 'No requests yet',
    cancel: 'Cancel',
    deadline: 'A2 due',
    closed: 'The incident is closed',
  },
};

function DataUnavailableForm({ incident, onDone, onCancel }: { incident: PanelIncident; onDone(): void; onCancel(): void }) {
  const t = useText(TEXT);
  const [reason, setReason] = useState('');
  const [key] = useState(() => crypto.randomUUID());
  const [{ fetching, error }, file] = useMutation(FILE_DATA_UNAVAILABLE_NOTICE);
  const problems = useFieldProblems(error);
  return (
    <form
      data-testid="data-unavailable-form"
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await file({
          input: { incidentId: incident.id, basedOnRevision: incident.currentRevision, idempotencyKey: key, reason },
        });
        if (result.data?.fileDataUnavailableNotice) onDone();
      }}
    >
      <Stack>
        <Textarea
          label={t.unavailableReason}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          required
          autosize
          minRows={3}
          error={problems.reason ?? problems['input.reason']}
        />
        <ErrorNotice error={error} />
        <Group>
          <Button type="submit" loading={fetching} data-testid="data-unavailable-submit">
            {t.unavailableSubmit}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t.cancel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AssistanceForm({ incident, onDone, onCancel }: { incident: PanelIncident; onDone(): void; onCancel(): void }) {
  const t = useText(TEXT);
  const vocabulary = useVocabulary();
  const [kinds, setKinds] = useState<string[]>([]);
  const [mode, setMode] = useState('REMOTE');
  const [description, setDescription] = useState('');
  const [{ fetching, error }, request] = useMutation(REQUEST_ASSISTANCE);
  const problems = useFieldProblems(error);
  return (
    <form
      data-testid="assistance-form"
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await request({ input: { incidentId: incident.id, kinds, mode, description } });
        if (result.data?.requestAssistance) onDone();
      }}
    >
      <Stack>
        <Checkbox.Group label={t.kinds} value={kinds} onChange={setKinds} error={problems.kinds ?? problems['input.kinds']}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={4} mt={4}>
            {vocabulary.choices('AssistanceKind').map((choice) => (
              <Checkbox key={choice.value} value={choice.value} label={choice.label} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Radio.Group label={t.mode} value={mode} onChange={setMode} error={problems.mode ?? problems['input.mode']}>
          <Group mt={4}>
            {vocabulary.choices('AssistanceMode').map((choice) => (
              <Radio key={choice.value} value={choice.value} label={choice.label} />
            ))}
          </Group>
        </Radio.Group>
        <Textarea
          label={t.description}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          required
          autosize
          minRows={3}
          error={problems.description ?? problems['input.description']}
        />
        <ErrorNotice error={error} />
        <Group>
          <Button type="submit" loading={fetching} data-testid="assistance-submit">
            {t.assistanceSubmit}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t.cancel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The reporting organization's actions on its own incident: fill or update the ก2, close, data unavailable, assistance. */
export function ReporterIncidentPanel({ incidentId }: { incidentId: string }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const [open, setOpen] = useState<'unavailable' | 'assistance' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [{ data, error }, reload] = useQuery<{ incident: PanelIncident | null }>({
    query: REPORTER_PANEL_INCIDENT,
    variables: { id: incidentId },
  });
  const incident = data?.incident;
  if (!incident) return <ErrorNotice error={error} />;
  const isClosed = incident.status === 'CLOSED';
  const finished = (message: string) => {
    setOpen(null);
    setDone(message);
    reload({ requestPolicy: 'network-only' });
  };
  return (
    <Card withBorder data-testid="reporter-panel">
      <Stack>
        <Group justify="space-between">
          <Title order={3} size="h4">
            {t.title}
          </Title>
          <Countdown dueAt={incident.reportDueAt} met={!!incident.reportFiledAt} label={t.deadline} />
        </Group>
        {isClosed ? (
          <Text c="dimmed">{t.closed}</Text>
        ) : (
          <Group>
            <Button component="a" href={`#/organization/incidents/${incident.id}/report`} data-testid="panel-report">
              {incident.reportFiledAt ? t.update : t.fill}
            </Button>
            <Button
              component="a"
              variant="light"
              color="red"
              href={`#/organization/incidents/${incident.id}/close`}
              data-testid="panel-close"
            >
              {t.close}
            </Button>
            <Button variant="default" onClick={() => setOpen('unavailable')} data-testid="panel-data-unavailable">
              {t.unavailable}
            </Button>
            <Button variant="default" onClick={() => setOpen('assistance')} data-testid="panel-assistance">
              {t.assistance}
            </Button>
          </Group>
        )}
        {done && (
          <Alert color="green" withCloseButton onClose={() => setDone(null)}>
            {done}
          </Alert>
        )}
        {open === 'unavailable' && (
          <DataUnavailableForm incident={incident} onDone={() => finished(t.unavailableDone)} onCancel={() => setOpen(null)} />
        )}
        {open === 'assistance' && (
          <AssistanceForm incident={incident} onDone={() => finished(t.assistanceDone)} onCancel={() => setOpen(null)} />
        )}
        <Title order={4} size="h5">
          {t.requests}
        </Title>
        {incident.assistanceRequests.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t.none}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={600}>
            <Table data-testid="assistance-requests">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t.requested}</Table.Th>
                  <Table.Th>{t.kinds}</Table.Th>
                  <Table.Th>{t.description}</Table.Th>
                  <Table.Th>{t.status}</Table.Th>
                  <Table.Th>{t.response}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {incident.assistanceRequests.map((request) => (
                  <Table.Tr key={request.id}>
                    <Table.Td>{dateTime(request.requestedAt, language)}</Table.Td>
                    <Table.Td>
                      {request.kinds.map((kind) => vocabulary.label('AssistanceKind', kind)).join(', ')} ·{' '}
                      {vocabulary.label('AssistanceMode', request.mode)}
                    </Table.Td>
                    <Table.Td>{request.description}</Table.Td>
                    <Table.Td>
                      <Badge variant="light">{vocabulary.label('AssistanceStatus', request.status)}</Badge>
                    </Table.Td>
                    <Table.Td>{request.response ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}
