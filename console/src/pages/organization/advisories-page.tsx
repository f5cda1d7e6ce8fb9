import { Anchor, Badge, Button, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { gql, useMutation, useQuery, useSubscription } from 'urql';

import { ErrorNotice } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { dateTime } from '../../i18n/dates.js';
import { useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { usePages, type Connection } from '../../ui/paged.js';

export const ADDRESSED_ADVISORIES = gql`
  query ConsoleAddressedAdvisories($after: String) {
    me {
      organization {
        id
        advisories(first: 20, after: $after) {
          totalCount
          edges {
            node {
              acknowledgedAt
              advisory {
                id
                identifier
                status
                tlp
                titleTh
                titleEn
                cvssBaseScore
                cvssSeverity
                publishedAt
              }
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`;

export const ADDRESSED_ADVISORY = gql`
  query ConsoleAddressedAdvisory($id: ID!) {
    advisory(id: $id) {
      id
      identifier
      status
      tlp
      titleTh
      titleEn
      summaryTh
      summaryEn
      recommendationsTh
      recommendationsEn
      cveIds
      cvssVector
      cvssBaseScore
      cvssSeverity
      affectedProducts {
        vendor
        product
        versions
      }
      references
      publishedAt
      lastRevisedAt
      withdrawnAt
      withdrawalReason
      myAcknowledgment {
        acknowledgedAt
        acknowledgedBy
      }
    }
  }
`;

export const ACKNOWLEDGE_ADVISORY = gql`
  mutation ConsoleOrganizationAcknowledgeAdvisory($advisoryId: ID!) {
    acknowledgeAdvisory(advisoryId: $advisoryId) {
      organizationId
      acknowledgedAt
      acknowledgedBy
    }
  }
`;

export const ADDRESSED_ADVISORY_EVENTS = gql`
  subscription ConsoleOrganizationAdvisoryEvents {
    advisoryEvents {
      sequence
      type
      advisory {
        id
      }
    }
  }
`;

interface AdvisorySummary {
  id: string;
  identifier: string | null;
  status: string;
  tlp: string;
  titleTh: string;
  titleEn: string;
  cvssBaseScore: number | null;
  cvssSeverity: string | null;
  publishedAt: string | null;
}
interface Advisory extends AdvisorySummary {
  summaryTh: string;
  summaryEn: string;
  recommendationsTh: string;
  recommendationsEn: string;
  cveIds: string[];
  cvssVector: string | null;
  affectedProducts: { vendor: string; product: string; versions: string[] }[];
  references: string[];
  lastRevisedAt: string | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  myAcknowledgment: { acknowledgedAt: string; acknowledgedBy: string } | null;
}

const TEXT: Bilingual<
  | 'title'
  | 'identifier'
  | 'advisory'
  | 'tlp'
  | 'severity'
  | 'published'
  | 'acknowledged'
  | 'notYet'
  | 'none'
  | 'summary'
  | 'recommendations'
  | 'cves'
  | 'products'
  | 'references'
  | 'acknowledge'
  | 'acknowledgedAt'
  | 'back'
  | 'withdrawn'
  | 'status'
> = {
  th: {
    title: 'ประกาศแจ้งเตือนถึงหน่วยงาน',
    identifier: 'เลขที่',
    advisory: 'เรื่อง',
    tlp: 'TLP',
    severity: 'ความรุนแรง (CVSS)',
    published: 'เผยแพร่',
    acknowledged: 'รับทราบ',
    notYet: 'ยังไม่รับทราบ',
    none: 'ยังไม่มีประกาศแจ้งเตือนถึงหน่วยงาน',
    summary: 'สรุป',
    recommendations: 'ข้อแนะนำ',
    cves: 'หมายเลข CVE',
    products: 'ผลิตภัณฑ์ที่ได้รับผลกระทบ',
    references: 'แหล่งอ้างอิง',
    acknowledge: 'รับทราบประกาศ',
    acknowledgedAt: 'รับทราบแล้วเมื่อ {at}',
    back: 'กลับไปรายการประกาศ',
    withdrawn: 'ประกาศนี้ถูกเพิกถอน',
    status: 'สถานะ',
  },
  en: {
    title: 'Advisories addressed to the organization',
    identifier: 'Identifier',
    advisory: 'Advisory',
    tlp: 'TLP',
    severity: 'Severity (CVSS)',
    published: 'Published',
    acknowledged: 'Acknowledged',
    notYet: 'Not yet acknowledged',
    none: 'No advisories addressed to the organization yet',
    summary: 'Summary',
    recommendations: 'Recommendations',
    cves: 'CVE ids',
    products: 'Affected products',
    references: 'References',
    acknowledge: 'Acknowledge',
    acknowledgedAt: 'Acknowledged {at}',
    back: 'Back to the advisories',
    withdrawn: 'This advisory was withdrawn',
    status: 'Status',
  },
};

/** TLP:AMBER+STRICT as TLP 2.0 writes it; the vocabulary's label (with its meaning) is the title. */
const tlpName = (tlp: string) => `TLP:${tlp.replace('_', '+')}`;

const TLP_COLOR: Record<string, string> = { CLEAR: 'gray', GREEN: 'green', AMBER: 'orange', AMBER_STRICT: 'orange', RED: 'red' };

/** The advisories addressed to the organization, whether it acknowledged each, live. */
export function AdvisoriesPage() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const pages = usePages();
  const [{ data, error }, reload] = useQuery<{
    me: {
      organization: { id: string; advisories: Connection<{ acknowledgedAt: string | null; advisory: AdvisorySummary }> | null } | null;
    };
  }>({
    query: ADDRESSED_ADVISORIES,
    variables: { after: pages.after },
  });
  useSubscription({ query: ADDRESSED_ADVISORY_EVENTS }, (_previous: unknown, event: unknown) => {
    reload({ requestPolicy: 'network-only' });
    return event;
  });
  const advisories = data?.me.organization?.advisories;
  return (
    <Stack>
      <Title order={2}>{t.title}</Title>
      <ErrorNotice error={error} />
      <Table.ScrollContainer minWidth={980}>
        <Table striped highlightOnHover data-testid="addressed-advisories">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t.identifier}</Table.Th>
              <Table.Th>{t.advisory}</Table.Th>
              <Table.Th>{t.tlp}</Table.Th>
              <Table.Th>{t.severity}</Table.Th>
              <Table.Th>{t.published}</Table.Th>
              <Table.Th>{t.acknowledged}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {advisories?.edges.map(({ node }) => (
              <Table.Tr key={node.advisory.id}>
                <Table.Td>{node.advisory.identifier ?? '—'}</Table.Td>
                <Table.Td>
                  <Anchor href={`#/organization/advisories/${node.advisory.id}`}>
                    {language === 'th' ? node.advisory.titleTh : node.advisory.titleEn}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Badge color={TLP_COLOR[node.advisory.tlp] ?? 'gray'} variant="light" title={vocabulary.label('Tlp', node.advisory.tlp)}>
                    {tlpName(node.advisory.tlp)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {node.advisory.cvssBaseScore !== null
                    ? `${node.advisory.cvssBaseScore} ${vocabulary.label('CvssSeverity', node.advisory.cvssSeverity)}`
                    : '—'}
                </Table.Td>
                <Table.Td>{dateTime(node.advisory.publishedAt, language)}</Table.Td>
                <Table.Td>
                  {node.acknowledgedAt ? (
                    <Text size="sm" c="green.8">
                      {dateTime(node.acknowledgedAt, language)}
                    </Text>
                  ) : (
                    <Text size="sm" c="orange.8" fw={600}>
                      {t.notYet}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {advisories && advisories.edges.length === 0 && <Text c="dimmed">{t.none}</Text>}
      {pages.controls(advisories ?? undefined)}
    </Stack>
  );
}

/** One advisory addressed to the organization, with its acknowledgment. */
export function AdvisoryPage({ params }: { params: Record<string, string | undefined> }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const [{ data, error }, reload] = useQuery<{ advisory: Advisory | null }>({ query: ADDRESSED_ADVISORY, variables: { id: params.id } });
  const [acknowledged, acknowledge] = useMutation(ACKNOWLEDGE_ADVISORY);
  const advisory = data?.advisory;
  if (!advisory) return <ErrorNotice error={error} />;
  const th = language === 'th';
  return (
    <Stack maw={1000}>
      <Anchor href="#/organization/advisories" size="sm">
        {t.back}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Text c="dimmed" size="sm">
            {advisory.identifier}
          </Text>
          <Title order={2}>{th ? advisory.titleTh : advisory.titleEn}</Title>
          <Group gap="xs">
            <Badge color={TLP_COLOR[advisory.tlp] ?? 'gray'} variant="light">
              {vocabulary.label('Tlp', advisory.tlp)}
            </Badge>
            <Badge variant="outline">{vocabulary.label('AdvisoryStatus', advisory.status)}</Badge>
            {advisory.cvssBaseScore !== null && (
              <Badge variant="light" title={advisory.cvssVector ?? undefined}>
                {`CVSS ${advisory.cvssBaseScore} ${vocabulary.label('CvssSeverity', advisory.cvssSeverity)}`}
              </Badge>
            )}
            <Text size="sm">
              {t.published}: {dateTime(advisory.publishedAt, language)}
            </Text>
          </Group>
        </Stack>
        {advisory.myAcknowledgment ? (
          <Badge color="green" size="lg" variant="light" data-testid="advisory-acknowledged">
            {t.acknowledgedAt.replace('{at}', dateTime(advisory.myAcknowledgment.acknowledgedAt, language))}
          </Badge>
        ) : (
          <Button
            loading={acknowledged.fetching}
            data-testid="advisory-acknowledge"
            onClick={async () => {
              const result = await acknowledge({ advisoryId: advisory.id });
              if (result.data?.acknowledgeAdvisory) reload({ requestPolicy: 'network-only' });
            }}
          >
            {t.acknowledge}
          </Button>
        )}
      </Group>
      <ErrorNotice error={acknowledged.error} />
      {advisory.withdrawnAt && (
        <Card withBorder bg="red.0">
          <Text fw={700}>{t.withdrawn}</Text>
          <Text size="sm">{advisory.withdrawalReason}</Text>
        </Card>
      )}
      <Card withBorder>
        <Title order={3} size="h5">
          {t.summary}
        </Title>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{th ? advisory.summaryTh : advisory.summaryEn}</Text>
      </Card>
      <Card withBorder>
        <Title order={3} size="h5">
          {t.recommendations}
        </Title>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{th ? advisory.recommendationsTh : advisory.recommendationsEn}</Text>
      </Card>
      {advisory.cveIds.length > 0 && (
        <Card withBorder>
          <Title order={3} size="h5">
            {t.cves}
          </Title>
          <Text>{advisory.cveIds.join(', ')}</Text>
        </Card>
      )}
      {advisory.affectedProducts.length > 0 && (
        <Card withBorder>
          <Title order={3} size="h5">
            {t.products}
          </Title>
          <List>
            {advisory.affectedProducts.map((product) => (
              <List.Item key={`${product.vendor}/${product.product}`}>
                {product.vendor} {product.product} {product.versions.join(', ')}
              </List.Item>
            ))}
          </List>
        </Card>
      )}
      {advisory.references.length > 0 && (
        <Card withBorder>
          <Title order={3} size="h5">
            {t.references}
          </Title>
          <List>
            {advisory.references.map((reference) => (
              <List.Item key={reference}>
                <Text size="sm" style={{ wordBreak: 'break-all' }}>
                  {reference}
                </Text>
              </List.Item>
            ))}
          </List>
        </Card>
      )}
    </Stack>
  );
}
