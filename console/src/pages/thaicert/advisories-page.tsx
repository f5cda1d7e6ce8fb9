import { Anchor, Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { gql, useMutation, useQuery } from 'urql';
import { useLocation } from 'wouter';

import { ErrorNotice } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { date } from '../../i18n/dates.js';
import { useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { useLiveTick, useRefresh } from '../../ui/live-refresh.js';
import { usePages, type Connection } from '../../ui/paged.js';
import { AdvisoryForm, advisoryInput, EMPTY_ADVISORY } from './advisory-form.js';

export const ANALYST_ADVISORIES = gql`
  query ConsoleAnalystAdvisories($after: String, $filter: AdvisoryFilter) {
    advisories(first: 20, after: $after, filter: $filter) {
      totalCount
      edges {
        node {
          id
          identifier
          status
          tlp
          titleTh
          titleEn
          cvssBaseScore
          cvssSeverity
          publishedAt
          updatedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const DRAFT_ADVISORY = gql`
  mutation ConsoleDraftAdvisory($input: AdvisoryInput!) {
    draftAdvisory(input: $input) {
      id
      version
      status
    }
  }
`;

interface AdvisoryRow {
  id: string;
  identifier: string | null;
  status: string;
  tlp: string;
  titleTh: string;
  titleEn: string;
  cvssBaseScore: number | null;
  cvssSeverity: string | null;
  publishedAt: string | null;
  updatedAt: string;
}

const TEXT: Bilingual<
  | 'title'
  | 'draft'
  | 'newDraft'
  | 'saveDraft'
  | 'status'
  | 'tlp'
  | 'all'
  | 'identifier'
  | 'advisory'
  | 'severity'
  | 'published'
  | 'updated'
  | 'none'
  | 'notYet'
> = {
  th: {
    title: 'ประกาศแจ้งเตือนของไทยเซิร์ต',
    draft: 'ร่างประกาศใหม่',
    newDraft: 'ร่างประกาศแจ้งเตือน',
    saveDraft: 'บันทึกร่าง',
    status: 'สถานะ',
    tlp: 'TLP',
    all: 'ทั้งหมด',
    identifier: 'เลขที่',
    advisory: 'เรื่อง',
    severity: 'ความรุนแรง (CVSS)',
    published: 'เผยแพร่',
    updated: 'แก้ไขล่าสุด',
    none: 'ไม่มีประกาศในรายการนี้',
    notYet: '(ร่าง)',
  },
  en: {
    title: 'ThaiCERT advisories',
    draft: 'Draft a new advisory',
    newDraft: 'Draft an advisory',
    saveDraft: 'Save draft',
    status: 'Status',
    tlp: 'TLP',
    all: 'All',
    identifier: 'Identifier',
    advisory: 'Advisory',
    severity: 'Severity (CVSS)',
    published: 'Published',
    updated: 'Last changed',
    none: 'No advisories in this list',
    notYet: '(draft)',
  },
};

export const TLP_COLOR: Record<string, string> = { CLEAR: 'gray', GREEN: 'green', AMBER: 'orange', AMBER_STRICT: 'orange', RED: 'red' };

function DraftNew({ onClose }: { onClose(): void }) {
  const t = useText(TEXT);
  const [, navigate] = useLocation();
  const [result, draft] = useMutation<{ draftAdvisory: { id: string } | null }>(DRAFT_ADVISORY);
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="sm">
        {t.newDraft}
      </Title>
      <AdvisoryForm
        initial={EMPTY_ADVISORY}
        submitLabel={t.saveDraft}
        error={result.error}
        fetching={result.fetching}
        onCancel={onClose}
        onSubmit={(content) =>
          void draft({ input: advisoryInput(content) }).then((answer) => {
            const id = answer.data?.draftAdvisory?.id;
            if (id) navigate(`/thaicert/advisories/${id}`);
          })
        }
      />
    </Card>
  );
}

/** Every advisory ThaiCERT/NCSA may read (drafts included), by status and TLP; the draft form. */
export function AdvisoriesPage() {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const [status, setStatus] = useState<string | null>(null);
  const [tlp, setTlp] = useState<string | null>(null);
  const [drafting, setDrafting] = useState(false);
  const pages = usePages();
  const filter = { ...(status ? { status } : {}), ...(tlp ? { tlp } : {}) };
  const [{ data, error }, reexecute] = useQuery<{ advisories: Connection<AdvisoryRow> | null }>({
    query: ANALYST_ADVISORIES,
    variables: { after: pages.after, filter },
  });
  useRefresh(useLiveTick('advisories'), reexecute);
  const rows = data?.advisories?.edges.map((e) => e.node) ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t.title}</Title>
        {!drafting && <Button onClick={() => setDrafting(true)}>{t.draft}</Button>}
      </Group>
      {drafting && <DraftNew onClose={() => setDrafting(false)} />}
      <Group>
        <Select
          label={t.status}
          placeholder={t.all}
          clearable
          w={220}
          data={vocabulary.choices('AdvisoryStatus')}
          value={status}
          onChange={(value) => {
            setStatus(value);
            pages.reset();
          }}
        />
        <Select
          label={t.tlp}
          placeholder={t.all}
          clearable
          w={320}
          data={vocabulary.choices('Tlp')}
          value={tlp}
          onChange={(value) => {
            setTlp(value);
            pages.reset();
          }}
        />
      </Group>
      <ErrorNotice error={error} />
      <Card withBorder padding="xs">
        <Table.ScrollContainer minWidth={820}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.identifier}</Table.Th>
                <Table.Th>{t.advisory}</Table.Th>
                <Table.Th>{t.status}</Table.Th>
                <Table.Th>{t.tlp}</Table.Th>
                <Table.Th>{t.severity}</Table.Th>
                <Table.Th>{t.published}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((advisory) => (
                <Table.Tr key={advisory.id} data-testid="advisory-row" data-advisory-id={advisory.id} data-status={advisory.status}>
                  <Table.Td>{advisory.identifier ?? t.notYet}</Table.Td>
                  <Table.Td>
                    <Anchor href={`#/thaicert/advisories/${advisory.id}`} size="sm">
                      {(language === 'th' ? advisory.titleTh : advisory.titleEn) || advisory.id.slice(0, 8)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Badge variant="light" miw="max-content">
                      {vocabulary.label('AdvisoryStatus', advisory.status)}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Badge color={TLP_COLOR[advisory.tlp]} variant="outline" miw="max-content">
                      {`TLP:${advisory.tlp.replace('_', '+')}`}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {advisory.cvssBaseScore !== null
                      ? `${advisory.cvssBaseScore.toFixed(1)} ${vocabulary.label('CvssSeverity', advisory.cvssSeverity)}`
                      : '—'}
                  </Table.Td>
                  <Table.Td>{date(advisory.publishedAt, language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {data?.advisories && rows.length === 0 && (
          <Text c="dimmed" size="sm" p="sm">
            {t.none}
          </Text>
        )}
        {pages.controls(data?.advisories ?? undefined)}
      </Card>
    </Stack>
  );
}
