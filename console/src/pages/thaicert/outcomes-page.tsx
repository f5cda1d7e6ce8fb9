import { BarChart } from '@mantine/charts';
import { Card, Group, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { gql, useQuery } from 'urql';

import { ErrorNotice } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { buddhistYear, dateTime } from '../../i18n/dates.js';
import { fill, useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { DownloadButton } from '../../ui/download.js';

export const RESPONSE_OUTCOMES = gql`
  query ConsoleResponseOutcomes($period: ReportPeriodInput!) {
    responseOutcomeReport(period: $period) {
      year
      month
      quarter
      from
      to
      reported
      observed
      bySector {
        key
        reported
        observed
      }
      byLevel {
        key
        reported
        observed
      }
      byCategory {
        key
        reported
        observed
      }
      assistanceRequested
      assistanceAnswered
      assistanceResolved
      timeToAssistanceAnswer {
        count
        medianHours
        p90Hours
      }
      closed
      openAtEnd
    }
    sectors {
      id
      nameTh
      nameEn
    }
  }
`;

interface OutcomeCount {
  key: string;
  reported: number;
  observed: number;
}
interface Report {
  year: number;
  month: number | null;
  quarter: number | null;
  from: string;
  to: string;
  reported: number;
  observed: number;
  bySector: OutcomeCount[];
  byLevel: OutcomeCount[];
  byCategory: OutcomeCount[];
  assistanceRequested: number;
  assistanceAnswered: number;
  assistanceResolved: number;
  timeToAssistanceAnswer: { count: number; medianHours: number | null; p90Hours: number | null };
  closed: number;
  openAtEnd: number;
}

type Span = 'year' | 'quarter' | 'month';

const TEXT: Bilingual<
  | 'title'
  | 'intro'
  | 'span'
  | 'wholeYear'
  | 'quarter'
  | 'month'
  | 'year'
  | 'period'
  | 'reported'
  | 'observed'
  | 'closed'
  | 'openAtEnd'
  | 'assistance'
  | 'requested'
  | 'answered'
  | 'resolved'
  | 'answerTime'
  | 'hours'
  | 'bySector'
  | 'byLevel'
  | 'byCategory'
  | 'key'
  | 'noSector'
  | 'notGiven'
  | 'csv'
  | 'html'
  | 'quarterN'
> = {
  th: {
    title: 'รายงานผลการตอบสนองต่อเหตุการณ์',
    intro: 'ผลการตอบสนองของไทยเซิร์ตสำหรับ สกมช.: เหตุการณ์ที่ได้รับแจ้งและที่ตรวจพบเอง การให้ความช่วยเหลือ และเหตุการณ์ที่ปิดแล้วหรือยังเปิดอยู่',
    span: 'ช่วงเวลา',
    wholeYear: 'ทั้งปี',
    quarter: 'ไตรมาส',
    month: 'เดือน',
    year: 'ปี',
    period: 'ช่วง {from} – {to}',
    reported: 'ได้รับแจ้งจากหน่วยงาน',
    observed: 'ไทยเซิร์ตตรวจพบ',
    closed: 'ปิดในช่วงนี้',
    openAtEnd: 'ยังเปิดอยู่เมื่อสิ้นช่วง',
    assistance: 'การให้ความช่วยเหลือ',
    requested: 'คำขอ',
    answered: 'ตอบแล้ว',
    resolved: 'เสร็จสิ้น/ปฏิเสธ',
    answerTime: 'เวลาถึงการตอบครั้งแรก (มัธยฐาน / P90)',
    hours: 'ชม.',
    bySector: 'ตามกลุ่มโครงสร้างพื้นฐานสำคัญ',
    byLevel: 'ตามระดับความรุนแรง',
    byCategory: 'ตามประเภทภัยคุกคาม',
    key: 'รายการ',
    noSector: 'ไม่อยู่ในกลุ่มใด',
    notGiven: 'ไม่ได้ระบุ',
    csv: 'ดาวน์โหลด CSV',
    html: 'เปิดฉบับพิมพ์ (HTML)',
    quarterN: 'ไตรมาส {n}',
  },
  en: {
    title: 'Response-outcome report',
    intro: 'ThaiCERT’s response outcomes for NCSA: cases reported and observed, assistance given, cases closed and still open',
    span: 'Period',
    wholeYear: 'Whole year',
    quarter: 'Quarter',
    month: 'Month',
    year: 'Year',
    period: '{from} – {to}',
    reported: 'Reported by organizations',
    observed: 'Observed by ThaiCERT',
    closed: 'Closed in the period',
    openAtEnd: 'Open at the end',
    assistance: 'Assistance',
    requested: 'Requested',
    answered: 'Answered',
    resolved: 'Completed or declined',
    answerTime: 'Time to first answer (median / P90)',
    hours: 'h',
    bySector: 'By CII sector',
    byLevel: 'By threat level',
    byCategory: 'By threat category',
    key: 'Item',
    noSector: 'No sector',
    notGiven: 'Not given',
    csv: 'Download CSV',
    html: 'Open printable page (HTML)',
    quarterN: 'Q{n}',
  },
};

const MONTHS: Record<'th' | 'en', string[]> = {
  th: ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

function Figure({ label, value, testId }: { label: string; value: number | string; testId?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

function CountTable({
  title,
  rows,
  labelOf,
  testId,
}: {
  title: string;
  rows: OutcomeCount[];
  labelOf(key: string): string;
  testId: string;
}) {
  const t = useText(TEXT);
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      <Table.ScrollContainer minWidth={320}>
        <Table striped data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t.key}</Table.Th>
              <Table.Th ta="right">{t.reported}</Table.Th>
              <Table.Th ta="right">{t.observed}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key}>
                <Table.Td>{labelOf(row.key)}</Table.Td>
                <Table.Td ta="right">{row.reported}</Table.Td>
                <Table.Td ta="right">{row.observed}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

/** ThaiCERT's response outcomes over a year, quarter or month: figures, tables, a chart and the CSV/HTML downloads. */
export function OutcomesPage() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const now = new Date();
  const thisYear = now.getFullYear();
  const [year, setYear] = useState(thisYear);
  const [span, setSpan] = useState<Span>('year');
  const [quarter, setQuarter] = useState(Math.floor(now.getMonth() / 3) + 1);
  const [month, setMonth] = useState(now.getMonth() + 1);
  const period = { year, ...(span === 'quarter' ? { quarter } : {}), ...(span === 'month' ? { month } : {}) };
  const [{ data, error }] = useQuery<{ responseOutcomeReport: Report | null; sectors: { id: string; nameTh: string; nameEn: string }[] }>({
    query: RESPONSE_OUTCOMES,
    variables: { period },
  });
  const report = data?.responseOutcomeReport;
  const sectorName = (key: string) => {
    const sector = data?.sectors.find((s) => s.id === key);
    return sector ? (language === 'th' ? sector.nameTh : sector.nameEn) : key === 'NONE' ? t.noSector : key;
  };
  const levelName = (key: string) => (key === 'NOT_GIVEN' ? t.notGiven : vocabulary.label('ThreatLevel', key));
  const categoryName = (key: string) => (key === 'NOT_GIVEN' ? t.notGiven : vocabulary.label('ThreatCategory', key));
  const query = span === 'quarter' ? `?quarter=${quarter}` : span === 'month' ? `?month=${month}` : '';
  const suffix = span === 'quarter' ? `-q${quarter}` : span === 'month' ? `-${String(month).padStart(2, '0')}` : '';
  const hours = (h: number | null) => (h === null ? '—' : `${h.toFixed(1)} ${t.hours}`);
  return (
    <Stack>
      <div>
        <Title order={2}>{t.title}</Title>
        <Text size="sm" c="dimmed">
          {t.intro}
        </Text>
      </div>
      <Group align="flex-end" wrap="wrap">
        <Select
          label={t.year}
          w={160}
          allowDeselect={false}
          value={String(year)}
          onChange={(value) => value && setYear(Number(value))}
          data={Array.from({ length: 5 }, (_, i) => thisYear - i).map((y) => ({ value: String(y), label: buddhistYear(y, language) }))}
        />
        <SegmentedControl
          aria-label={t.span}
          value={span}
          onChange={(value) => setSpan(value as Span)}
          data={[
            { value: 'year', label: t.wholeYear },
            { value: 'quarter', label: t.quarter },
            { value: 'month', label: t.month },
          ]}
        />
        {span === 'quarter' && (
          <Select
            label={t.quarter}
            w={140}
            allowDeselect={false}
            value={String(quarter)}
            onChange={(value) => value && setQuarter(Number(value))}
            data={[1, 2, 3, 4].map((n) => ({ value: String(n), label: fill(t.quarterN, { n }) }))}
          />
        )}
        {span === 'month' && (
          <Select
            label={t.month}
            w={180}
            allowDeselect={false}
            value={String(month)}
            onChange={(value) => value && setMonth(Number(value))}
            data={MONTHS[language].map((name, i) => ({ value: String(i + 1), label: name }))}
          />
        )}
        <DownloadButton
          href={`/downloads/response-outcome/${year}.csv${query}`}
          filename={`response-outcome-${year}${suffix}.csv`}
          label={t.csv}
          testId="outcomes-csv"
        />
        <DownloadButton href={`/downloads/response-outcome/${year}.html${query}`} filename="" open label={t.html} testId="outcomes-html" />
      </Group>
      <ErrorNotice error={error} />
      {report && (
        <>
          <Text size="sm" c="dimmed">
            {fill(t.period, { from: dateTime(report.from, language), to: dateTime(report.to, language) })}
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Figure label={t.reported} value={report.reported} testId="outcomes-reported" />
            <Figure label={t.observed} value={report.observed} testId="outcomes-observed" />
            <Figure label={t.closed} value={report.closed} />
            <Figure label={t.openAtEnd} value={report.openAtEnd} />
          </SimpleGrid>
          <Card withBorder>
            <Title order={3} size="h5" mb="xs">
              {t.assistance}
            </Title>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <Figure label={t.requested} value={report.assistanceRequested} />
              <Figure label={t.answered} value={report.assistanceAnswered} />
              <Figure label={t.resolved} value={report.assistanceResolved} />
              <Figure
                label={t.answerTime}
                value={`${hours(report.timeToAssistanceAnswer.medianHours)} / ${hours(report.timeToAssistanceAnswer.p90Hours)}`}
              />
            </SimpleGrid>
          </Card>
          <Card withBorder>
            <Title order={3} size="h5" mb="xs">
              {t.byCategory}
            </Title>
            <BarChart
              h={Math.max(200, report.byCategory.length * 36)}
              data={report.byCategory.map((row) => ({
                key: categoryName(row.key),
                [t.reported]: row.reported,
                [t.observed]: row.observed,
              }))}
              dataKey="key"
              orientation="vertical"
              type="stacked"
              withLegend
              yAxisProps={{ width: 320 }}
              series={[
                { name: t.reported, color: 'indigo.6' },
                { name: t.observed, color: 'orange.6' },
              ]}
              data-testid="outcomes-chart"
            />
          </Card>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <CountTable title={t.byLevel} rows={report.byLevel} labelOf={levelName} testId="outcomes-by-level" />
            <CountTable title={t.bySector} rows={report.bySector} labelOf={sectorName} testId="outcomes-by-sector" />
          </SimpleGrid>
          <CountTable title={t.byCategory} rows={report.byCategory} labelOf={categoryName} testId="outcomes-by-category" />
        </>
      )}
    </Stack>
  );
}
