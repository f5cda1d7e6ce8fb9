import { BarChart } from '@mantine/charts';
import { Badge, Card, Group, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { gql, useQuery } from 'urql';

import { ErrorNotice } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { buddhistYear, date } from '../../i18n/dates.js';
import { useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { usePages, type Connection } from '../../ui/paged.js';

export const PUBLIC_STATISTICS = gql`
  query ConsolePublicStatistics($year: Int!) {
    publicStatistics(year: $year) {
      year
      minimumCount
      total {
        count
        suppressed
      }
      byMonth {
        month
        count
        suppressed
      }
      byCategory {
        category
        count
        suppressed
      }
      bySector {
        sector {
          id
          nameTh
          nameEn
        }
        count
        suppressed
      }
    }
  }
`;

export const PUBLIC_ADVISORIES = gql`
  query ConsolePublicAdvisories($after: String) {
    advisories(first: 20, after: $after) {
      totalCount
      edges {
        node {
          id
          identifier
          tlp
          titleTh
          titleEn
          cvssBaseScore
          cvssSeverity
          publishedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

interface Count {
  count: number | null;
  suppressed: boolean;
}
interface PublicStatistics {
  year: number;
  minimumCount: number;
  total: Count;
  byMonth: (Count & { month: number })[];
  byCategory: (Count & { category: string })[];
  bySector: (Count & { sector: { id: string; nameTh: string; nameEn: string } })[];
}
interface PublicAdvisory {
  id: string;
  identifier: string | null;
  tlp: string;
  titleTh: string;
  titleEn: string;
  cvssBaseScore: number | null;
  cvssSeverity: string | null;
  publishedAt: string | null;
}

const TEXT: Bilingual<
  | 'title'
  | 'year'
  | 'total'
  | 'byMonth'
  | 'byCategory'
  | 'bySector'
  | 'withheld'
  | 'advisories'
  | 'identifier'
  | 'advisory'
  | 'severity'
  | 'published'
  | 'count'
> = {
  th: {
    title: 'สถิติภัยคุกคามทางไซเบอร์และประกาศแจ้งเตือนสาธารณะ',
    year: 'ปี',
    total: 'จำนวนภัยคุกคามที่รายงานทั้งปี',
    byMonth: 'รายเดือน',
    byCategory: 'ตามประเภทภัยคุกคาม',
    bySector: 'ตามกลุ่มโครงสร้างพื้นฐานสำคัญ',
    withheld: 'ตัวเลขที่น้อยกว่า {n} ไม่เปิดเผยเพื่อไม่ให้ระบุหน่วยงานได้',
    advisories: 'ประกาศแจ้งเตือน (TLP:CLEAR)',
    identifier: 'เลขที่',
    advisory: 'เรื่อง',
    severity: 'ความรุนแรง (CVSS)',
    published: 'เผยแพร่',
    count: 'จำนวน',
  },
  en: {
    title: 'Cyber-threat statistics and public advisories',
    year: 'Year',
    total: 'Threats reported in the year',
    byMonth: 'By month',
    byCategory: 'By threat category',
    bySector: 'By critical-infrastructure sector',
    withheld: 'Counts below {n} are withheld so no organization can be singled out',
    advisories: 'Advisories (TLP:CLEAR)',
    identifier: 'Identifier',
    advisory: 'Advisory',
    severity: 'Severity (CVSS)',
    published: 'Published',
    count: 'Count',
  },
};

const MONTHS: Record<'th' | 'en', string[]> = {
  th: ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

/** Withheld counts are charted as zero and said to be withheld, never guessed. */
const shown = (count: Count) => (count.suppressed ? 0 : (count.count ?? 0));

function Statistics({ year }: { year: number }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const [{ data, error }] = useQuery<{ publicStatistics: PublicStatistics | null }>({ query: PUBLIC_STATISTICS, variables: { year } });
  const statistics = data?.publicStatistics;
  if (!statistics) return <ErrorNotice error={error} />;
  const count = t.count;
  return (
    <Stack>
      <ErrorNotice error={error} />
      <Card withBorder>
        <Text size="sm" c="dimmed">
          {t.total}
        </Text>
        <Text size="xl" fw={700} data-testid="public-total">
          {statistics.total.suppressed ? '—' : statistics.total.count}
        </Text>
        <Text size="xs" c="dimmed">
          {t.withheld.replace('{n}', String(statistics.minimumCount))}
        </Text>
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">
            {t.byMonth}
          </Title>
          <BarChart
            h={240}
            data={statistics.byMonth.map((m) => ({ month: MONTHS[language][m.month - 1], [count]: shown(m) }))}
            dataKey="month"
            series={[{ name: count, color: 'indigo.6' }]}
          />
        </Card>
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">
            {t.bySector}
          </Title>
          <BarChart
            h={240}
            data={statistics.bySector.map((s) => ({ sector: language === 'th' ? s.sector.nameTh : s.sector.nameEn, [count]: shown(s) }))}
            dataKey="sector"
            orientation="vertical"
            yAxisProps={{ width: 160 }}
            series={[{ name: count, color: 'teal.6' }]}
          />
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Title order={3} size="h5" mb="sm">
          {t.byCategory}
        </Title>
        <BarChart
          h={Math.max(200, statistics.byCategory.length * 28)}
          data={statistics.byCategory.map((c) => ({ category: vocabulary.label('ThreatCategory', c.category), [count]: shown(c) }))}
          dataKey="category"
          orientation="vertical"
          yAxisProps={{ width: 260 }}
          series={[{ name: count, color: 'grape.6' }]}
        />
      </Card>
    </Stack>
  );
}

function Advisories() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const pages = usePages();
  const [{ data, error }] = useQuery<{ advisories: Connection<PublicAdvisory> | null }>({
    query: PUBLIC_ADVISORIES,
    variables: { after: pages.after },
  });
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="sm">
        {t.advisories}
      </Title>
      <ErrorNotice error={error} />
      <Table.ScrollContainer minWidth={600}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t.identifier}</Table.Th>
              <Table.Th>{t.advisory}</Table.Th>
              <Table.Th>{t.severity}</Table.Th>
              <Table.Th>{t.published}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.advisories?.edges.map(({ node }) => (
              <Table.Tr key={node.id}>
                <Table.Td>{node.identifier}</Table.Td>
                <Table.Td>{language === 'th' ? node.titleTh : node.titleEn}</Table.Td>
                <Table.Td>
                  {node.cvssBaseScore !== null && <Badge variant="light">{`${node.cvssBaseScore} ${node.cvssSeverity ?? ''}`}</Badge>}
                </Table.Td>
                <Table.Td>{date(node.publishedAt, language)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {pages.controls(data?.advisories ?? undefined)}
    </Card>
  );
}

/** What everyone may see without signing in: the year's published statistics as charts and the TLP:CLEAR advisories. */
export function PublicPage() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const years = Array.from({ length: 5 }, (_, i) => thisYear - i);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t.title}</Title>
        <Select
          label={t.year}
          w={160}
          allowDeselect={false}
          value={String(year)}
          onChange={(value) => value && setYear(Number(value))}
          data={years.map((y) => ({ value: String(y), label: buddhistYear(y, language) }))}
        />
      </Group>
      <Statistics year={year} />
      <Advisories />
    </Stack>
  );
}
