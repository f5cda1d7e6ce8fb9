import { BarChart, LineChart } from '@mantine/charts';
import { Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { gql, useQuery } from 'urql';

import { ErrorNotice } from '../../api/errors.js';
import { buddhistYear, dateTime, fromBangkokInput, toBangkokInput } from '../../i18n/dates.js';
import { useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { useSession } from '../../session/session.js';

export const SERVICE_QUALITY = gql`
  query ConsoleServiceQuality($from: DateTime!, $to: DateTime!, $sectorId: ID) {
    serviceQuality(from: $from, to: $to, sectorId: $sectorId) {
      from
      to
      incidents
      reportsDue
      reportsOnTime
      onTimeShare
      detectionToNotification {
        count
        medianHours
        p90Hours
      }
      detectionToReport {
        count
        medianHours
        p90Hours
      }
      timeToAssessment {
        count
        medianHours
        p90Hours
      }
      timeToAssistanceAnswer {
        count
        medianHours
        p90Hours
      }
      timeToClosure {
        count
        medianHours
        p90Hours
      }
    }
  }
`;

/** A year's months side by side: twelve periods in one request (the document has no loops, so one alias each). */
export const SERVICE_QUALITY_BY_MONTH = gql`
  query ConsoleServiceQualityByMonth(
    $sectorId: ID
    $f1: DateTime!
    $t1: DateTime!
    $f2: DateTime!
    $t2: DateTime!
    $f3: DateTime!
    $t3: DateTime!
    $f4: DateTime!
    $t4: DateTime!
    $f5: DateTime!
    $t5: DateTime!
    $f6: DateTime!
    $t6: DateTime!
    $f7: DateTime!
    $t7: DateTime!
    $f8: DateTime!
    $t8: DateTime!
    $f9: DateTime!
    $t9: DateTime!
    $f10: DateTime!
    $t10: DateTime!
    $f11: DateTime!
    $t11: DateTime!
    $f12: DateTime!
    $t12: DateTime!
  ) {
    m1: serviceQuality(from: $f1, to: $t1, sectorId: $sectorId) {
      incidents
      reportsDue
      reportsOnTime
      onTimeShare
      detectionToReport {
        medianHours
      }
    }
    m2: serviceQuality(from: $f2, to: $t2, sectorId: $sectorId) {
      incidents
      reportsDue
      reportsOnTime
      onTimeShare
      detectionToReport {
        medianHours
      }
    }
    m3: serviceQuality(from: $f3, to: $t3, sectorId: $sectorId) {
      incidents
      reportsDue
      reportsOnTime
      onTimeShare
      detectionToReport {
        medianHours
      }
    }
    m4: serviceQuality(from: $f4, to: $t4, sectorId: $sectorId) {
      incidents
      reportsDue
      reportsOnTime
      onTimeShare
      detectionToReport {
        medianHours
      }
    }
    m5: serviceQuality(from: $f5, to: $t5, sectorId: $sectorId) {
      incidents
      reportsDue
      reportsOnTime
      onTimeShare
      detectionToReport {
        medianHours
      }
    }
    m6: serviceQuality(from: $f6, to: $t6, sectorId: $sectorId) {
      incidents
      reportsDue
      reportsOnTime
      onTimeShare
      detectionToReport {
        medianHours
      }
    }
    m7: serviceQuality(from: $f7, to: $t7, sectorId: $sectorId) {
      incidents
      reportsDue
      reportsOnTime
      onTimeShare
      detectionToReport {
        medianHours
      }
    }
    m8: serviceQuality(from: $f8, to: $t8, sectorId: $sectorId) {
      incidents
      reportsDue
      reportsOnTime
      onTimeShare
      detectionToReport {
        medianHours
      }
    }
    m9: serviceQuality(from: $f9, to: $t9, sectorId: $sectorId) {
      incidents
      reportsDue
      reportsOnTime
      onTimeShare
      detectionToReport {
        medianHours
      }
    }
    m10: serviceQuality(from: $f10, to: $t10, sectorId: $sectorId) {
      incidents
      reportsDue
      reportsOnTime
      onTimeShare
      detectionToReport {
        medianHours
      }
    }
    m11: serviceQuality(from: $f11, to: $t11, sectorId: $sectorId) {
      incidents
      reportsDue
      reportsOnTime
      onTimeShare
      detectionToReport {
        medianHours
      }
    }
    m12: serviceQuality(from: $f12, to: $t12, sectorId: $sectorId) {
      incidents
      reportsDue
      reportsOnTime
      onTimeShare
      detectionToReport {
        medianHours
      }
    }
  }
`;

export const QUALITY_SECTORS = gql`
  query ConsoleQualitySectors($regulatorId: ID!) {
    regulator(id: $regulatorId) {
      id
      sectors {
        id
        nameTh
        nameEn
      }
    }
  }
`;

interface Durations {
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
}
interface ServiceQuality {
  from: string;
  to: string;
  incidents: number;
  reportsDue: number;
  reportsOnTime: number;
  onTimeShare: number | null;
  detectionToNotification: Durations;
  detectionToReport: Durations;
  timeToAssessment: Durations;
  timeToAssistanceAnswer: Durations;
  timeToClosure: Durations;
}
interface Month {
  incidents: number;
  reportsDue: number;
  reportsOnTime: number;
  onTimeShare: number | null;
  detectionToReport: { medianHours: number | null };
}
type Indicator = 'detectionToNotification' | 'detectionToReport' | 'timeToAssessment' | 'timeToAssistanceAnswer' | 'timeToClosure';
const INDICATORS: Indicator[] = [
  'detectionToNotification',
  'detectionToReport',
  'timeToAssessment',
  'timeToAssistanceAnswer',
  'timeToClosure',
];

const TEXT: Bilingual<
  | Indicator
  | 'title'
  | 'intro'
  | 'from'
  | 'to'
  | 'sector'
  | 'incidents'
  | 'reportsDue'
  | 'reportsOnTime'
  | 'onTimeShare'
  | 'durations'
  | 'indicator'
  | 'measured'
  | 'median'
  | 'p90'
  | 'hours'
  | 'byMonth'
  | 'year'
  | 'month'
  | 'onTimePercent'
  | 'medianReportHours'
  | 'period'
> = {
  th: {
    title: 'ตัวชี้วัดคุณภาพการให้บริการ',
    intro: 'ระยะเวลาการแจ้ง การรายงาน และการตอบสนองของไทยเซิร์ต สำหรับเหตุการณ์ที่ตรวจพบในช่วงเวลาที่เลือก',
    from: 'ตั้งแต่',
    to: 'ถึง',
    sector: 'กลุ่มโครงสร้างพื้นฐานสำคัญ',
    incidents: 'จำนวนเหตุการณ์',
    reportsDue: 'รายงาน ก2 ที่ถึงกำหนด',
    reportsOnTime: 'ส่งทันกำหนด',
    onTimeShare: 'สัดส่วนที่ส่งทันกำหนด',
    durations: 'ระยะเวลา (ชั่วโมง)',
    indicator: 'ตัวชี้วัด',
    measured: 'จำนวนที่วัด',
    median: 'มัธยฐาน',
    p90: 'เปอร์เซ็นไทล์ที่ 90',
    hours: 'ชม.',
    byMonth: 'รายเดือน',
    year: 'ปี',
    month: 'เดือน',
    onTimePercent: 'ส่ง ก2 ทันกำหนด (%)',
    medianReportHours: 'มัธยฐานการส่ง ก2 (ชม.)',
    period: 'ช่วงเวลา {from} – {to}',
    detectionToNotification: 'ตรวจพบถึงแจ้งเหตุ (ก1)',
    detectionToReport: 'ตรวจพบถึงส่งรายงาน (ก2)',
    timeToAssessment: 'แจ้งเหตุถึงไทยเซิร์ตประเมิน',
    timeToAssistanceAnswer: 'ขอความช่วยเหลือถึงไทยเซิร์ตตอบ',
    timeToClosure: 'ตรวจพบถึงปิดเหตุการณ์',
  },
  en: {
    title: 'Service-quality indicators',
    intro: "Times to notify, to report and to ThaiCERT's response, for incidents detected in the period",
    from: 'From',
    to: 'To',
    sector: 'Sector',
    incidents: 'Incidents',
    reportsDue: 'ก2 reports due',
    reportsOnTime: 'Filed on time',
    onTimeShare: 'Share on time',
    durations: 'Durations (hours)',
    indicator: 'Indicator',
    measured: 'Measured over',
    median: 'Median',
    p90: '90th percentile',
    hours: 'h',
    byMonth: 'By month',
    year: 'Year',
    month: 'Month',
    onTimePercent: 'ก2 on time (%)',
    medianReportHours: 'Median ก2 time (h)',
    period: 'Period {from} – {to}',
    detectionToNotification: 'Detection to notification (ก1)',
    detectionToReport: 'Detection to report (ก2)',
    timeToAssessment: "Notification to ThaiCERT's assessment",
    timeToAssistanceAnswer: "Assistance request to ThaiCERT's answer",
    timeToClosure: 'Detection to closing',
  },
};

const MONTHS: Record<'th' | 'en', string[]> = {
  th: ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

const hours = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 1000) / 10}%`);
/** The first instant of a Bangkok month (month 13 is January of the next year). */
const bangkokMonthStart = (year: number, month: number) => new Date(Date.UTC(year, month - 1, 1, -7)).toISOString();

function ByMonth({ year, sectorId }: { year: number; sectorId: string }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const variables: Record<string, string> = { sectorId };
  for (let m = 1; m <= 12; m++) {
    variables[`f${m}`] = bangkokMonthStart(year, m);
    variables[`t${m}`] = bangkokMonthStart(year, m + 1);
  }
  const [{ data, error }] = useQuery<Record<string, Month | null>>({ query: SERVICE_QUALITY_BY_MONTH, variables });
  const months = Array.from({ length: 12 }, (_, i) => ({ label: MONTHS[language][i], month: data?.[`m${i + 1}`] ?? null }));
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="sm">
        {t.byMonth} · {buddhistYear(year, language)}
      </Title>
      <ErrorNotice error={error} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <BarChart
          h={240}
          data={months.map(({ label, month }) => ({
            month: label,
            incidents: month?.incidents ?? 0,
            reportsDue: month?.reportsDue ?? 0,
            reportsOnTime: month?.reportsOnTime ?? 0,
          }))}
          dataKey="month"
          withLegend
          series={[
            { name: 'incidents', label: t.incidents, color: 'indigo.6' },
            { name: 'reportsDue', label: t.reportsDue, color: 'orange.6' },
            { name: 'reportsOnTime', label: t.reportsOnTime, color: 'teal.6' },
          ]}
        />
        <LineChart
          h={240}
          data={months.map(({ label, month }) => ({
            month: label,
            onTime: month?.onTimeShare === null || !month ? null : Math.round(month.onTimeShare * 100),
            medianReport: hours(month?.detectionToReport.medianHours ?? null),
          }))}
          dataKey="month"
          withLegend
          connectNulls
          series={[
            { name: 'onTime', label: t.onTimePercent, color: 'teal.6' },
            { name: 'medianReport', label: t.medianReportHours, color: 'grape.6' },
          ]}
        />
      </SimpleGrid>
    </Card>
  );
}

/** ThaiCERT's service-quality indicators for the regulator's sectors over a period, as charts and a table. */
export function ServiceQualityPage() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const { me } = useSession();
  const regulatorId = me?.regulator?.id;
  const now = new Date();
  const [from, setFrom] = useState(() => toBangkokInput(new Date(now.getTime() - 365 * 86400_000).toISOString()));
  const [to, setTo] = useState(() => toBangkokInput(now.toISOString()));
  const [sectorId, setSectorId] = useState<string | null>(null);
  const [year, setYear] = useState(now.getFullYear());
  const years = Array.from({ length: 5 }, (_, i) => now.getFullYear() - i);
  const valid = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(to);
  const [scope] = useQuery<{ regulator: { id: string; sectors: { id: string; nameTh: string; nameEn: string }[] } | null }>({
    query: QUALITY_SECTORS,
    variables: { regulatorId },
    pause: !regulatorId,
  });
  const sectors = scope.data?.regulator?.sectors ?? [];
  // A regulator reads the indicators of one of its sectors at a time (the API asks for sectorId).
  const sector = sectorId ?? sectors[0]?.id ?? null;
  const [{ data, error }] = useQuery<{ serviceQuality: ServiceQuality | null }>({
    query: SERVICE_QUALITY,
    variables: valid && sector ? { from: fromBangkokInput(from), to: fromBangkokInput(to), sectorId: sector } : {},
    pause: !valid || !sector,
  });
  const quality = data?.serviceQuality;
  return (
    <Stack>
      <div>
        <Title order={2}>{t.title}</Title>
        <Text size="sm" c="dimmed">
          {t.intro}
        </Text>
      </div>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput type="datetime-local" label={t.from} value={from} onChange={(event) => setFrom(event.currentTarget.value)} />
          <TextInput type="datetime-local" label={t.to} value={to} onChange={(event) => setTo(event.currentTarget.value)} />
          <Select
            label={t.sector}
            value={sector}
            allowDeselect={false}
            onChange={(value) => value && setSectorId(value)}
            data={sectors.map((s) => ({ value: s.id, label: language === 'th' ? s.nameTh : s.nameEn }))}
          />
        </SimpleGrid>
      </Card>
      <ErrorNotice error={error} />
      {quality && (
        <>
          <Text size="sm" c="dimmed">
            {t.period.replace('{from}', dateTime(quality.from, language)).replace('{to}', dateTime(quality.to, language))}
          </Text>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            {(
              [
                [t.incidents, String(quality.incidents), 'quality-incidents'],
                [t.reportsDue, String(quality.reportsDue), 'quality-reports-due'],
                [t.reportsOnTime, String(quality.reportsOnTime), 'quality-reports-on-time'],
                [t.onTimeShare, percent(quality.onTimeShare), 'quality-on-time-share'],
              ] as const
            ).map(([label, value, testId]) => (
              <Card withBorder key={testId}>
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
                <Text size="xl" fw={700} data-testid={testId}>
                  {value}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
          <Card withBorder>
            <Title order={3} size="h5" mb="sm">
              {t.durations}
            </Title>
            <BarChart
              h={280}
              data={INDICATORS.map((indicator) => ({
                indicator: t[indicator],
                median: hours(quality[indicator].medianHours) ?? 0,
                p90: hours(quality[indicator].p90Hours) ?? 0,
              }))}
              dataKey="indicator"
              orientation="vertical"
              yAxisProps={{ width: 220 }}
              withLegend
              series={[
                { name: 'median', label: t.median, color: 'indigo.6' },
                { name: 'p90', label: t.p90, color: 'orange.6' },
              ]}
            />
            <Table.ScrollContainer minWidth={560} mt="md">
              <Table striped data-testid="quality-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t.indicator}</Table.Th>
                    <Table.Th ta="right">{t.measured}</Table.Th>
                    <Table.Th ta="right">
                      {t.median} ({t.hours})
                    </Table.Th>
                    <Table.Th ta="right">
                      {t.p90} ({t.hours})
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {INDICATORS.map((indicator) => (
                    <Table.Tr key={indicator}>
                      <Table.Td>{t[indicator]}</Table.Td>
                      <Table.Td ta="right">{quality[indicator].count}</Table.Td>
                      <Table.Td ta="right">{hours(quality[indicator].medianHours) ?? '—'}</Table.Td>
                      <Table.Td ta="right">{hours(quality[indicator].p90Hours) ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        </>
      )}
      <Group justify="flex-end">
        <Select
          label={t.year}
          w={160}
          allowDeselect={false}
          value={String(year)}
          onChange={(value) => value && setYear(Number(value))}
          data={years.map((y) => ({ value: String(y), label: buddhistYear(y, language) }))}
        />
      </Group>
      {sector && <ByMonth year={year} sectorId={sector} />}
    </Stack>
  );
}
