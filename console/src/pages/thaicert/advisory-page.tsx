import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { gql, useMutation, useQuery } from 'urql';

import { ErrorNotice, isForbiddenAt, NotVisible, useFieldProblems } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { dateTime } from '../../i18n/dates.js';
import { useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { useLiveTick, useRefresh } from '../../ui/live-refresh.js';
import { usePages, type Connection } from '../../ui/paged.js';
import { TLP_COLOR } from './advisories-page.js';
import { AdvisoryForm, advisoryInput, type AdvisoryContent } from './advisory-form.js';

export const ANALYST_ADVISORY = gql`
  query ConsoleAnalystAdvisory($id: ID!) {
    advisory(id: $id) {
      id
      version
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
      targetSectorIds
      recipientOrganizationIds
      currentRevision
      publishedAt
      lastRevisedAt
      withdrawnAt
      withdrawalReason
      revisions {
        number
        status
        date
        summary
        revisedBy
      }
    }
  }
`;

export const ADVISORY_ACKNOWLEDGMENTS = gql`
  query ConsoleAdvisoryAcknowledgments($id: ID!, $after: String) {
    advisory(id: $id) {
      id
      acknowledgments(first: 20, after: $after) {
        totalCount
        edges {
          node {
            organizationId
            acknowledgedBy
            acknowledgedAt
            organization {
              id
              nameTh
              nameEn
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
`;

export const ADVISORY_PENDING_ACKNOWLEDGMENTS = gql`
  query ConsoleAdvisoryPendingAcknowledgments($id: ID!, $after: String) {
    advisory(id: $id) {
      id
      pendingAcknowledgments(first: 20, after: $after) {
        totalCount
        edges {
          node {
            id
            nameTh
            nameEn
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

export const REVISE_ADVISORY = gql`
  mutation ConsoleReviseAdvisory($id: ID!, $expectedVersion: Int!, $input: AdvisoryInput!, $changeSummary: String) {
    reviseAdvisory(id: $id, expectedVersion: $expectedVersion, input: $input, changeSummary: $changeSummary) {
      id
      version
      status
    }
  }
`;

export const PUBLISH_ADVISORY = gql`
  mutation ConsolePublishAdvisory($id: ID!, $expectedVersion: Int!) {
    publishAdvisory(id: $id, expectedVersion: $expectedVersion) {
      id
      version
      status
      identifier
    }
  }
`;

export const WITHDRAW_ADVISORY = gql`
  mutation ConsoleWithdrawAdvisory($id: ID!, $expectedVersion: Int!, $reason: String!) {
    withdrawAdvisory(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
      id
      version
      status
      withdrawnAt
      withdrawalReason
    }
  }
`;

interface Advisory extends Omit<AdvisoryContent, 'cvssVector'> {
  id: string;
  version: number;
  identifier: string | null;
  status: string;
  tlp: string;
  cvssVector: string | null;
  cvssBaseScore: number | null;
  cvssSeverity: string | null;
  currentRevision: number;
  publishedAt: string | null;
  lastRevisedAt: string | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  revisions: { number: number; status: string; date: string; summary: string; revisedBy: string }[];
}
interface Organization {
  id: string;
  nameTh: string;
  nameEn: string;
}
interface Acknowledgment {
  organizationId: string;
  acknowledgedBy: string;
  acknowledgedAt: string;
  organization: Organization;
}

const TEXT: Bilingual<
  | 'back'
  | 'draft'
  | 'publish'
  | 'revise'
  | 'saveRevision'
  | 'withdraw'
  | 'withdrawReason'
  | 'confirmWithdraw'
  | 'summary'
  | 'recommendations'
  | 'cves'
  | 'cvss'
  | 'products'
  | 'references'
  | 'revisions'
  | 'number'
  | 'when'
  | 'by'
  | 'what'
  | 'acknowledged'
  | 'pending'
  | 'organization'
  | 'nonePending'
  | 'noneAcknowledged'
  | 'withdrawn'
  | 'published'
> = {
  th: {
    back: '← รายการประกาศ',
    draft: 'ร่าง',
    publish: 'เผยแพร่',
    revise: 'แก้ไข / ปรับปรุง',
    saveRevision: 'บันทึกการแก้ไข',
    withdraw: 'เพิกถอน',
    withdrawReason: 'เหตุผลที่เพิกถอน',
    confirmWithdraw: 'ยืนยันการเพิกถอน',
    summary: 'สรุป',
    recommendations: 'ข้อแนะนำ',
    cves: 'CVE',
    cvss: 'CVSS',
    products: 'ผลิตภัณฑ์ที่ได้รับผลกระทบ',
    references: 'แหล่งอ้างอิง',
    revisions: 'ประวัติการปรับปรุง',
    number: 'ครั้งที่',
    when: 'เมื่อ',
    by: 'โดย',
    what: 'สิ่งที่เปลี่ยน',
    acknowledged: 'หน่วยงานที่รับทราบแล้ว',
    pending: 'หน่วยงานที่ยังไม่รับทราบ',
    organization: 'หน่วยงาน',
    nonePending: 'ทุกหน่วยงานรับทราบแล้ว',
    noneAcknowledged: 'ยังไม่มีหน่วยงานรับทราบ',
    withdrawn: 'เพิกถอนเมื่อ',
    published: 'เผยแพร่เมื่อ',
  },
  en: {
    back: '← Advisories',
    draft: 'Draft',
    publish: 'Publish',
    revise: 'Edit / revise',
    saveRevision: 'Save the revision',
    withdraw: 'Withdraw',
    withdrawReason: 'Reason for withdrawing',
    confirmWithdraw: 'Withdraw it',
    summary: 'Summary',
    recommendations: 'Recommendations',
    cves: 'CVE',
    cvss: 'CVSS',
    products: 'Affected products',
    references: 'References',
    revisions: 'Revision history',
    number: 'No.',
    when: 'When',
    by: 'By',
    what: 'What changed',
    acknowledged: 'Acknowledged by',
    pending: 'Not yet acknowledged by',
    organization: 'Organization',
    nonePending: 'Every organization has acknowledged it',
    noneAcknowledged: 'No acknowledgments yet',
    withdrawn: 'Withdrawn',
    published: 'Published',
  },
};

const nameOf = (o: Organization, language: 'th' | 'en') => (language === 'th' ? o.nameTh : o.nameEn);

function Acknowledgments({ id, tick }: { id: string; tick: number }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const pages = usePages();
  const [{ data, error }, reexecute] = useQuery<{ advisory: { acknowledgments: Connection<Acknowledgment> | null } | null }>({
    query: ADVISORY_ACKNOWLEDGMENTS,
    variables: { id, after: pages.after },
  });
  useRefresh(tick, reexecute);
  const connection = data?.advisory?.acknowledgments;
  return (
    <Card withBorder data-testid="advisory-acknowledgments">
      <Title order={3} size="h5" mb="xs">
        {t.acknowledged}
      </Title>
      <ErrorNotice error={error} />
      {isForbiddenAt(error, ['advisory', 'acknowledgments']) ? (
        <NotVisible />
      ) : connection && connection.edges.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t.noneAcknowledged}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={360}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.organization}</Table.Th>
                <Table.Th>{t.when}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {connection?.edges.map(({ node }) => (
                <Table.Tr key={node.organizationId} data-testid="acknowledgment-row">
                  <Table.Td>{nameOf(node.organization, language)}</Table.Td>
                  <Table.Td>{dateTime(node.acknowledgedAt, language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pages.controls(connection ?? undefined)}
    </Card>
  );
}

function PendingAcknowledgments({ id, tick }: { id: string; tick: number }) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const pages = usePages();
  const [{ data, error }, reexecute] = useQuery<{ advisory: { pendingAcknowledgments: Connection<Organization> | null } | null }>({
    query: ADVISORY_PENDING_ACKNOWLEDGMENTS,
    variables: { id, after: pages.after },
  });
  useRefresh(tick, reexecute);
  const connection = data?.advisory?.pendingAcknowledgments;
  return (
    <Card withBorder data-testid="advisory-pending-acknowledgments">
      <Title order={3} size="h5" mb="xs">
        {t.pending}
      </Title>
      <ErrorNotice error={error} />
      {isForbiddenAt(error, ['advisory', 'pendingAcknowledgments']) ? (
        <NotVisible />
      ) : connection && connection.edges.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t.nonePending}
        </Text>
      ) : (
        <Stack gap={2}>
          {connection?.edges.map(({ node }) => (
            <Text key={node.id} size="sm" data-testid="pending-acknowledgment">
              {nameOf(node, language)}
            </Text>
          ))}
        </Stack>
      )}
      {pages.controls(connection ?? undefined)}
    </Card>
  );
}

function Withdraw({ advisory, onDone }: { advisory: Advisory; onDone(): void }) {
  const t = useText(TEXT);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [result, withdraw] = useMutation(WITHDRAW_ADVISORY);
  const problems = useFieldProblems(result.error);
  if (!open)
    return (
      <Button color="red" variant="light" onClick={() => setOpen(true)}>
        {t.withdraw}
      </Button>
    );
  return (
    <Card withBorder w="100%" data-testid="withdraw-form">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void withdraw({ id: advisory.id, expectedVersion: advisory.version, reason }).then((answer) => {
            if (!answer.error) {
              setOpen(false);
              onDone();
            }
          });
        }}
      >
        <Stack gap="xs">
          <Textarea
            label={t.withdrawReason}
            required
            autosize
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={problems.reason}
          />
          <ErrorNotice error={result.error} />
          <Group>
            <Button type="submit" color="red" loading={result.fetching} disabled={!reason.trim()}>
              {t.confirmWithdraw}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** One advisory for ThaiCERT/NCSA: its content, publish, revise, withdraw, and who has (not) acknowledged it. */
export function AdvisoryPage({ params }: { params: Record<string, string | undefined> }) {
  const id = params.id ?? '';
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const [editing, setEditing] = useState(false);
  const [{ data, error }, reexecute] = useQuery<{ advisory: Advisory | null }>({ query: ANALYST_ADVISORY, variables: { id } });
  const tick = useLiveTick('advisories');
  useRefresh(tick, reexecute);
  const [published, publish] = useMutation(PUBLISH_ADVISORY);
  const [revised, revise] = useMutation(REVISE_ADVISORY);
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  const advisory = data?.advisory;
  if (!advisory)
    return (
      <Stack>
        <Anchor href="#/thaicert/advisories">{t.back}</Anchor>
        <ErrorNotice error={error} />
      </Stack>
    );
  const isDraft = advisory.status === 'DRAFT';
  const live = advisory.status === 'PUBLISHED' || advisory.status === 'UPDATED';
  const both = (th: string, en: string) => (language === 'th' ? th || en : en || th);
  return (
    <Stack>
      <Anchor href="#/thaicert/advisories">{t.back}</Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{both(advisory.titleTh, advisory.titleEn) || advisory.id}</Title>
          <Group gap="xs" mt={4}>
            <Text fw={600}>{advisory.identifier ?? t.draft}</Text>
            <Badge data-testid="advisory-status" data-status={advisory.status}>
              {vocabulary.label('AdvisoryStatus', advisory.status)}
            </Badge>
            <Badge color={TLP_COLOR[advisory.tlp]} variant="outline" title={vocabulary.label('Tlp', advisory.tlp)}>
              {`TLP:${advisory.tlp.replace('_', '+')}`}
            </Badge>
            {advisory.publishedAt && (
              <Text size="sm" c="dimmed">
                {t.published} {dateTime(advisory.publishedAt, language)}
              </Text>
            )}
          </Group>
        </div>
      </Group>
      <ErrorNotice error={error} />
      {advisory.withdrawnAt && (
        <Card withBorder bg="var(--mantine-color-red-light)">
          <Text size="sm">
            {t.withdrawn} {dateTime(advisory.withdrawnAt, language)}: {advisory.withdrawalReason}
          </Text>
        </Card>
      )}
      <Group>
        {isDraft && (
          <Button loading={published.fetching} onClick={() => void publish({ id, expectedVersion: advisory.version }).then(refresh)}>
            {t.publish}
          </Button>
        )}
        {(isDraft || live) && !editing && (
          <Button variant="light" onClick={() => setEditing(true)}>
            {t.revise}
          </Button>
        )}
        {live && <Withdraw advisory={advisory} onDone={refresh} />}
      </Group>
      <ErrorNotice error={published.error} />
      {editing ? (
        <Card withBorder>
          <AdvisoryForm
            initial={{ ...advisory, cvssVector: advisory.cvssVector ?? '' }}
            submitLabel={t.saveRevision}
            askChangeSummary={!isDraft}
            error={revised.error}
            fetching={revised.fetching}
            onCancel={() => setEditing(false)}
            onSubmit={(content, changeSummary) =>
              void revise({
                id,
                expectedVersion: advisory.version,
                input: advisoryInput(content),
                changeSummary: isDraft ? null : changeSummary,
              }).then((answer) => {
                if (!answer.error) {
                  setEditing(false);
                  refresh();
                }
              })
            }
          />
        </Card>
      ) : (
        <Card withBorder data-testid="advisory-content">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Stack gap={4}>
              <Text fw={600} size="sm">
                {t.summary}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {both(advisory.summaryTh, advisory.summaryEn) || '—'}
              </Text>
              <Text fw={600} size="sm" mt="xs">
                {t.recommendations}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {both(advisory.recommendationsTh, advisory.recommendationsEn) || '—'}
              </Text>
            </Stack>
            <Stack gap={4}>
              <Text size="sm">
                <b>{t.cves}:</b> {advisory.cveIds.join(', ') || '—'}
              </Text>
              <Text size="sm">
                <b>{t.cvss}:</b>{' '}
                {advisory.cvssVector
                  ? `${advisory.cvssBaseScore?.toFixed(1) ?? ''} ${vocabulary.label('CvssSeverity', advisory.cvssSeverity)} (${advisory.cvssVector})`
                  : '—'}
              </Text>
              <Text size="sm" fw={600}>
                {t.products}
              </Text>
              {advisory.affectedProducts.map((p, i) => (
                <Text key={i} size="sm">
                  {p.vendor} {p.product} {p.versions.join(', ')}
                </Text>
              ))}
              <Text size="sm" fw={600}>
                {t.references}
              </Text>
              {advisory.references.map((r) => (
                <Text key={r} size="sm" style={{ wordBreak: 'break-all' }}>
                  {r}
                </Text>
              ))}
            </Stack>
          </SimpleGrid>
        </Card>
      )}
      {advisory.revisions.length > 0 && (
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">
            {t.revisions}
          </Title>
          <Table.ScrollContainer minWidth={480}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t.number}</Table.Th>
                  <Table.Th>{t.when}</Table.Th>
                  <Table.Th>{t.what}</Table.Th>
                  <Table.Th>{t.by}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {advisory.revisions.map((r) => (
                  <Table.Tr key={r.number}>
                    <Table.Td>{r.number}</Table.Td>
                    <Table.Td>{dateTime(r.date, language)}</Table.Td>
                    <Table.Td>
                      {vocabulary.label('AdvisoryStatus', r.status)}: {r.summary}
                    </Table.Td>
                    <Table.Td>{r.revisedBy}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {!isDraft && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <PendingAcknowledgments id={id} tick={tick} />
          <Acknowledgments id={id} tick={tick} />
        </SimpleGrid>
      )}
    </Stack>
  );
}
