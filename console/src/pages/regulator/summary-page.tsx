import { Alert, Badge, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { gql, useMutation, useQuery } from 'urql';

import { ErrorNotice, useFieldProblems } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { buddhistYear, dateTime } from '../../i18n/dates.js';
import { useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { useSession } from '../../session/session.js';
import { DownloadRefusedNotice, useDownload } from '../../ui/download.js';

export const ANNUAL_SUMMARY = gql`
  query ConsoleAnnualSummary($year: Int!, $regulatorId: ID!) {
    annualSummary(year: $year, regulatorId: $regulatorId) {
      id
      year
      status
      dueAt
      late
      submittedAt
      submittedBy
      version
      amended
      amendedAt
      filingCount
      incidentCount
      undetermined
      byCategory {
        category
        fromIncidents
        entered
        count
      }
      byAssetType {
        assetType
        count
      }
      bySeverity {
        severity
        count
      }
      filings {
        number
        submittedAt
        submittedBy
        reason
        incidentCount
      }
    }
  }
`;

export const SET_ANNUAL_SUMMARY_ENTRIES = gql`
  mutation ConsoleSetAnnualSummaryEntries($input: SummaryEntriesInput!) {
    setAnnualSummaryEntries(input: $input) {
      id
      version
      status
    }
  }
`;

export const SUBMIT_ANNUAL_SUMMARY = gql`
  mutation ConsoleSubmitAnnualSummary($input: SubmitSummaryInput!) {
    submitAnnualSummary(input: $input) {
      id
      version
      status
      submittedAt
    }
  }
`;

export const AMEND_ANNUAL_SUMMARY = gql`
  mutation ConsoleAmendAnnualSummary($input: AmendSummaryInput!) {
    amendAnnualSummary(input: $input) {
      id
      version
      status
      amendedAt
      filingCount
    }
  }
`;

interface AnnualSummary {
  id: string;
  year: number;
  status: 'DRAFT' | 'SUBMITTED';
  dueAt: string;
  late: boolean;
  submittedAt: string | null;
  submittedBy: string | null;
  version: number;
  amended: boolean;
  amendedAt: string | null;
  filingCount: number;
  incidentCount: number;
  undetermined: number;
  byCategory: { category: string; fromIncidents: number; entered: number; count: number }[];
  byAssetType: { assetType: string; count: number }[];
  bySeverity: { severity: string; count: number }[];
  filings: { number: number; submittedAt: string; submittedBy: string; reason: string | null; incidentCount: number }[];
}

type Entries = { training: number; unsuccessfulAttempts: number; explainedAnomalies: number };
const ENTERED: Record<keyof Entries, string> = {
  training: 'CAT0_TRAINING_AND_EXERCISES',
  unsuccessfulAttempts: 'CAT1_UNSUCCESSFUL_ACTIVITY_ATTEMPT',
  explainedAnomalies: 'CAT9_EXPLAINED_ANOMALY',
};
const ENTRY_KEYS = Object.keys(ENTERED) as (keyof Entries)[];

const TEXT: Bilingual<
  | 'title'
  | 'intro'
  | 'year'
  | 'status'
  | 'due'
  | 'late'
  | 'onTime'
  | 'submittedAt'
  | 'amendedAt'
  | 'incidents'
  | 'undetermined'
  | 'byCategory'
  | 'category'
  | 'fromIncidents'
  | 'entered'
  | 'count'
  | 'byAssetType'
  | 'assetType'
  | 'bySeverity'
  | 'severity'
  | 'entries'
  | 'entriesHelp'
  | 'save'
  | 'saved'
  | 'submit'
  | 'submitted'
  | 'amend'
  | 'amendHelp'
  | 'reason'
  | 'amendSubmit'
  | 'amendedDone'
  | 'filings'
  | 'filing'
  | 'filedAt'
  | 'by'
  | 'print'
  | 'csv'
  | 'noRegulator'
> = {
  th: {
    title: 'สรุปผลการรับมือภัยคุกคามทางไซเบอร์ประจำปี (ก3)',
    intro: 'ส่งภายในวันที่ 31 มกราคมของปีถัดไป',
    year: 'ปี',
    status: 'สถานะ',
    due: 'กำหนดส่ง',
    late: 'ส่งล่าช้า',
    onTime: 'ตรงเวลา',
    submittedAt: 'ส่งครั้งแรกเมื่อ',
    amendedAt: 'แก้ไขล่าสุดเมื่อ',
    incidents: 'จำนวนเหตุการณ์ที่รายงาน',
    undetermined: 'ยังไม่สามารถระบุระดับได้',
    byCategory: '1. จำแนกตามประเภทภัยคุกคาม',
    category: 'ประเภท',
    fromIncidents: 'จากการรายงานเหตุการณ์',
    entered: 'กรอกเอง',
    count: 'รวม',
    byAssetType: '2. จำแนกตามประเภททรัพย์สินที่ได้รับผลกระทบ',
    assetType: 'ประเภททรัพย์สิน',
    bySeverity: '3. จำแนกตามระดับภัยคุกคาม',
    severity: 'ระดับ',
    entries: 'จำนวนที่ไม่ต้องรายงานรายเหตุการณ์ (ประเภท 0, 1 และ 9)',
    entriesHelp: 'ประเภทเหล่านี้นับรวมเฉพาะในสรุปประจำปี',
    save: 'บันทึกจำนวน',
    saved: 'บันทึกแล้ว',
    submit: 'ส่งสรุปประจำปี',
    submitted: 'ส่งสรุปประจำปีแล้ว',
    amend: 'แก้ไขสรุปที่ส่งแล้ว',
    amendHelp: 'การแก้ไขจะถูกเก็บเป็นการส่งครั้งใหม่ ฉบับเดิมยังเปิดดูได้',
    reason: 'เหตุผลของการแก้ไข',
    amendSubmit: 'ส่งฉบับแก้ไข',
    amendedDone: 'ส่งฉบับแก้ไขแล้ว',
    filings: 'การส่งแต่ละครั้ง',
    filing: 'ครั้งที่',
    filedAt: 'ส่งเมื่อ',
    by: 'ผู้ส่ง',
    print: 'พิมพ์แบบ ก3',
    csv: 'ดาวน์โหลด CSV',
    noRegulator: 'บัญชีนี้ไม่ได้ผูกกับหน่วยงานควบคุมหรือกำกับดูแล',
  },
  en: {
    title: 'Annual summary of cyber threats (ก3)',
    intro: 'Due by 31 January of the following year',
    year: 'Year',
    status: 'Status',
    due: 'Due',
    late: 'late',
    onTime: 'on time',
    submittedAt: 'First submitted',
    amendedAt: 'Last amended',
    incidents: 'Incidents reported',
    undetermined: 'Level still undetermined',
    byCategory: '1. By threat category',
    category: 'Category',
    fromIncidents: 'From reported incidents',
    entered: 'Entered',
    count: 'Total',
    byAssetType: '2. By affected asset type',
    assetType: 'Asset type',
    bySeverity: '3. By threat level',
    severity: 'Level',
    entries: 'Counts not reported incident by incident (categories 0, 1 and 9)',
    entriesHelp: 'These categories are counted only in the annual summary',
    save: 'Save counts',
    saved: 'Saved',
    submit: 'Submit the summary',
    submitted: 'Summary submitted',
    amend: 'Amend the submitted summary',
    amendHelp: 'An amendment is kept as a new submission; earlier ones stay readable',
    reason: 'Reason for the amendment',
    amendSubmit: 'Submit the amendment',
    amendedDone: 'Amendment submitted',
    filings: 'Submissions',
    filing: 'No.',
    filedAt: 'Submitted',
    by: 'By',
    print: 'Print form ก3',
    csv: 'Download CSV',
    noRegulator: 'This account acts for no regulator',
  },
};

const enteredOf = (summary: AnnualSummary | undefined): Entries =>
  Object.fromEntries(ENTRY_KEYS.map((key) => [key, summary?.byCategory.find((c) => c.category === ENTERED[key])?.entered ?? 0])) as Entries;

function EntryInputs({
  entries,
  onChange,
  problems,
  prefix,
}: {
  entries: Entries;
  onChange(entries: Entries): void;
  problems: Record<string, string>;
  prefix: string;
}) {
  const vocabulary = useVocabulary();
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      {ENTRY_KEYS.map((key) => (
        <NumberInput
          key={key}
          label={vocabulary.label('ThreatCategory', ENTERED[key])}
          min={0}
          allowDecimal={false}
          allowNegative={false}
          value={entries[key]}
          onChange={(value) => onChange({ ...entries, [key]: typeof value === 'number' ? value : Number(value) || 0 })}
          error={problems[`${prefix}.${key}`]}
          data-testid={`entry-${key}`}
        />
      ))}
    </SimpleGrid>
  );
}

/** The regulator's ก3 of a year: its figures, the 0/1/9 counts it enters, submit, amend with a reason, print and CSV. */
export function AnnualSummaryPage() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const { me } = useSession();
  const regulatorId = me?.regulator?.id;
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear - 1);
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
  const [{ data, error }, reexecute] = useQuery<{ annualSummary: AnnualSummary | null }>({
    query: ANNUAL_SUMMARY,
    variables: { year, regulatorId },
    pause: !regulatorId,
    requestPolicy: 'network-only',
  });
  const summary = data?.annualSummary ?? undefined;
  const [entries, setEntries] = useState<Entries>(enteredOf(undefined));
  const [amendEntries, setAmendEntries] = useState<Entries>(enteredOf(undefined));
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  useEffect(() => {
    setEntries(enteredOf(summary));
    setAmendEntries(enteredOf(summary));
  }, [summary?.id, summary?.version]);
  const [saved, save] = useMutation(SET_ANNUAL_SUMMARY_ENTRIES);
  const [submitted, submit] = useMutation(SUBMIT_ANNUAL_SUMMARY);
  const [amended, amend] = useMutation(AMEND_ANNUAL_SUMMARY);
  const saveProblems = useFieldProblems(saved.error);
  const amendProblems = useFieldProblems(amended.error);
  const download = useDownload();

  if (!regulatorId) return <Text>{me ? t.noRegulator : null}</Text>;
  const version = summary?.version ?? 0;
  const after = async (result: { error?: unknown }, done: string) => {
    if (result.error) return;
    setNotice(done);
    reexecute({ requestPolicy: 'network-only' });
  };
  const onSave = async () => {
    setNotice(undefined);
    await after(await save({ input: { year, regulatorId, ...entries, expectedVersion: version } }), t.saved);
  };
  const onSubmit = async () => {
    setNotice(undefined);
    // What is on screen is what is submitted: unsaved counts are saved first.
    let expectedVersion = version;
    const changed = ENTRY_KEYS.some((key) => entries[key] !== enteredOf(summary)[key]);
    if (changed) {
      const result = await save({ input: { year, regulatorId, ...entries, expectedVersion } });
      if (result.error) return;
      expectedVersion = (result.data as { setAnnualSummaryEntries: { version: number } }).setAnnualSummaryEntries.version;
    }
    await after(await submit({ input: { year, regulatorId, expectedVersion } }), t.submitted);
  };
  const onAmend = async () => {
    setNotice(undefined);
    const result = await amend({ input: { year, regulatorId, reason, ...amendEntries, expectedVersion: version } });
    if (!result.error) setReason('');
    await after(result, t.amendedDone);
  };
  const path = `/downloads/annual-summary/${encodeURIComponent(regulatorId)}/${year}`;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t.title}</Title>
          <Text size="sm" c="dimmed">
            {t.intro}
          </Text>
        </div>
        <Select
          label={t.year}
          w={160}
          allowDeselect={false}
          value={String(year)}
          onChange={(value) => {
            if (!value) return;
            setYear(Number(value));
            setNotice(undefined);
          }}
          data={years.map((y) => ({ value: String(y), label: buddhistYear(y, language) }))}
        />
      </Group>
      <ErrorNotice error={error} />
      {summary && (
        <>
          <Card withBorder>
            <Group justify="space-between">
              <Group>
                <Badge
                  size="lg"
                  color={summary.status === 'SUBMITTED' ? 'green' : 'gray'}
                  data-testid="summary-status"
                  data-status={summary.status}
                >
                  {vocabulary.label('AnnualSummaryStatus', summary.status)}
                </Badge>
                {(summary.late || summary.submittedAt) && (
                  <Badge color={summary.late ? 'red' : 'teal'} variant="light">
                    {summary.late ? t.late : t.onTime}
                  </Badge>
                )}
              </Group>
              <Group>
                <Button variant="default" onClick={() => download.open(`${path}.html`)} loading={download.busy}>
                  {t.print}
                </Button>
                <Button
                  variant="default"
                  onClick={() => download.save(`${path}.csv`, `annual-summary-${year + 543}.csv`)}
                  loading={download.busy}
                >
                  {t.csv}
                </Button>
              </Group>
            </Group>
            <DownloadRefusedNotice code={download.refused} />
            <SimpleGrid cols={{ base: 2, md: 4 }} mt="md">
              <div>
                <Text size="xs" c="dimmed">
                  {t.due}
                </Text>
                <Text size="sm">{dateTime(summary.dueAt, language)}</Text>
              </div>
              <div>
                <Text size="xs" c="dimmed">
                  {t.submittedAt}
                </Text>
                <Text size="sm">{dateTime(summary.submittedAt, language)}</Text>
              </div>
              <div>
                <Text size="xs" c="dimmed">
                  {t.amendedAt}
                </Text>
                <Text size="sm">{dateTime(summary.amendedAt, language)}</Text>
              </div>
              <div>
                <Text size="xs" c="dimmed">
                  {t.incidents}
                </Text>
                <Text size="lg" fw={700} data-testid="summary-incident-count">
                  {summary.incidentCount}
                </Text>
                <Text size="xs" c="dimmed">
                  {t.undetermined}: {summary.undetermined}
                </Text>
              </div>
            </SimpleGrid>
          </Card>
          {notice && (
            <Alert color="teal" role="status" data-testid="summary-notice">
              {notice}
            </Alert>
          )}
          <Card withBorder>
            <Title order={3} size="h5" mb="sm">
              {t.byCategory}
            </Title>
            <Table.ScrollContainer minWidth={560}>
              <Table striped data-testid="summary-by-category">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t.category}</Table.Th>
                    <Table.Th ta="right">{t.fromIncidents}</Table.Th>
                    <Table.Th ta="right">{t.entered}</Table.Th>
                    <Table.Th ta="right">{t.count}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {summary.byCategory.map((line) => (
                    <Table.Tr key={line.category} data-category={line.category}>
                      <Table.Td>{vocabulary.label('ThreatCategory', line.category)}</Table.Td>
                      <Table.Td ta="right">{line.fromIncidents}</Table.Td>
                      <Table.Td ta="right">{line.entered}</Table.Td>
                      <Table.Td ta="right" fw={600}>
                        {line.count}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder>
              <Title order={3} size="h5" mb="sm">
                {t.byAssetType}
              </Title>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t.assetType}</Table.Th>
                    <Table.Th ta="right">{t.count}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {summary.byAssetType.map((line) => (
                    <Table.Tr key={line.assetType}>
                      <Table.Td>{vocabulary.label('AffectedAssetType', line.assetType)}</Table.Td>
                      <Table.Td ta="right">{line.count}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
            <Card withBorder>
              <Title order={3} size="h5" mb="sm">
                {t.bySeverity}
              </Title>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t.severity}</Table.Th>
                    <Table.Th ta="right">{t.count}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {summary.bySeverity.map((line) => (
                    <Table.Tr key={line.severity}>
                      <Table.Td>{vocabulary.label('ThreatLevel', line.severity)}</Table.Td>
                      <Table.Td ta="right">{line.count}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          </SimpleGrid>
          {summary.status === 'DRAFT' ? (
            <Card withBorder>
              <Title order={3} size="h5">
                {t.entries}
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                {t.entriesHelp}
              </Text>
              <EntryInputs entries={entries} onChange={setEntries} problems={saveProblems} prefix="input" />
              <ErrorNotice error={saved.error ?? submitted.error} />
              <Group mt="md">
                <Button variant="default" onClick={onSave} loading={saved.fetching}>
                  {t.save}
                </Button>
                <Button onClick={onSubmit} loading={submitted.fetching}>
                  {t.submit}
                </Button>
              </Group>
            </Card>
          ) : (
            <Card withBorder>
              <Title order={3} size="h5">
                {t.amend}
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                {t.amendHelp}
              </Text>
              <EntryInputs entries={amendEntries} onChange={setAmendEntries} problems={amendProblems} prefix="input" />
              <Textarea
                mt="sm"
                label={t.reason}
                required
                value={reason}
                onChange={(event) => setReason(event.currentTarget.value)}
                error={amendProblems['input.reason']}
              />
              <ErrorNotice error={amended.error} />
              <Group mt="md">
                <Button onClick={onAmend} loading={amended.fetching} disabled={!reason.trim()}>
                  {t.amendSubmit}
                </Button>
              </Group>
            </Card>
          )}
          {summary.filings.length > 0 && (
            <Card withBorder>
              <Title order={3} size="h5" mb="sm">
                {t.filings}
              </Title>
              <Table.ScrollContainer minWidth={560}>
                <Table striped data-testid="summary-filings">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t.filing}</Table.Th>
                      <Table.Th>{t.filedAt}</Table.Th>
                      <Table.Th>{t.by}</Table.Th>
                      <Table.Th>{t.reason}</Table.Th>
                      <Table.Th ta="right">{t.incidents}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {summary.filings.map((filing) => (
                      <Table.Tr key={filing.number}>
                        <Table.Td>{filing.number}</Table.Td>
                        <Table.Td>{dateTime(filing.submittedAt, language)}</Table.Td>
                        <Table.Td>{filing.submittedBy}</Table.Td>
                        <Table.Td>{filing.reason ?? '—'}</Table.Td>
                        <Table.Td ta="right">{filing.incidentCount}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Card>
          )}
        </>
      )}
    </Stack>
  );
}
