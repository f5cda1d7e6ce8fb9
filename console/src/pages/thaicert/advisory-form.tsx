import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { gql, useQuery, type CombinedError } from 'urql';

import { ErrorNotice, useFieldProblems } from '../../api/errors.js';
import { useVocabulary } from '../../api/vocabulary.js';
import { useLanguage, useText, type Bilingual } from '../../i18n/language.js';
import { useCvssPreview } from './cvss-preview.js';

export const ADVISORY_FORM_CHOICES = gql`
  query ConsoleAdvisoryFormChoices {
    sectors {
      id
      nameTh
      nameEn
    }
    organizations(first: 100) {
      edges {
        node {
          id
          nameTh
          nameEn
        }
      }
    }
  }
`;

/** An advisory's content as the form holds it (AdvisoryInput). */
export interface AdvisoryContent {
  tlp: string | null;
  titleTh: string;
  titleEn: string;
  summaryTh: string;
  summaryEn: string;
  recommendationsTh: string;
  recommendationsEn: string;
  cveIds: string[];
  cvssVector: string;
  affectedProducts: { vendor: string; product: string; versions: string[] }[];
  references: string[];
  targetSectorIds: string[];
  recipientOrganizationIds: string[];
}

export const EMPTY_ADVISORY: AdvisoryContent = {
  tlp: 'CLEAR',
  titleTh: '',
  titleEn: '',
  summaryTh: '',
  summaryEn: '',
  recommendationsTh: '',
  recommendationsEn: '',
  cveIds: [],
  cvssVector: '',
  affectedProducts: [],
  references: [],
  targetSectorIds: [],
  recipientOrganizationIds: [],
};

const TEXTS = ['titleTh', 'titleEn', 'summaryTh', 'summaryEn', 'recommendationsTh', 'recommendationsEn'] as const;

/**
 * The form's content as the API's AdvisoryInput (only its fields). A text left empty is left out: on a draft
 * an omitted field stays as it is, and publishing asks for all of them. An empty vector removes it.
 */
export const advisoryInput = (content: AdvisoryContent) => ({
  tlp: content.tlp,
  ...Object.fromEntries(TEXTS.filter((key) => content[key].trim()).map((key) => [key, content[key]])),
  cveIds: content.cveIds,
  cvssVector: content.cvssVector.trim() || null,
  affectedProducts: content.affectedProducts
    .filter((p) => p.vendor.trim() || p.product.trim())
    .map((p) => ({ vendor: p.vendor, product: p.product, versions: p.versions })),
  references: content.references,
  targetSectorIds: content.targetSectorIds,
  recipientOrganizationIds: content.recipientOrganizationIds,
});

const TEXT: Bilingual<
  | 'tlp'
  | 'titleTh'
  | 'titleEn'
  | 'summaryTh'
  | 'summaryEn'
  | 'recommendationsTh'
  | 'recommendationsEn'
  | 'cveIds'
  | 'cveHint'
  | 'cvssVector'
  | 'cvssHint'
  | 'preview'
  | 'invalid'
  | 'incomplete'
  | 'products'
  | 'vendor'
  | 'product'
  | 'versions'
  | 'addProduct'
  | 'removeProduct'
  | 'references'
  | 'sectors'
  | 'allSectors'
  | 'recipients'
  | 'changeSummary'
  | 'cancel'
> = {
  th: {
    tlp: 'ระดับการเปิดเผย (TLP)',
    titleTh: 'หัวข้อ (ภาษาไทย)',
    titleEn: 'หัวข้อ (ภาษาอังกฤษ)',
    summaryTh: 'สรุป (ภาษาไทย)',
    summaryEn: 'สรุป (ภาษาอังกฤษ)',
    recommendationsTh: 'ข้อแนะนำ (ภาษาไทย)',
    recommendationsEn: 'ข้อแนะนำ (ภาษาอังกฤษ)',
    cveIds: 'หมายเลข CVE',
    cveHint: 'เช่น CVE-2024-3400 กด Enter หลังแต่ละรายการ',
    cvssVector: 'เวกเตอร์ CVSS (3.0, 3.1 หรือ 4.0)',
    cvssHint: 'เช่น CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    preview: 'คะแนนพื้นฐาน (คำนวณขณะพิมพ์)',
    invalid: 'เวกเตอร์ไม่ถูกต้อง',
    incomplete: 'ยังระบุตัวชี้วัดพื้นฐานไม่ครบ',
    products: 'ผลิตภัณฑ์ที่ได้รับผลกระทบ',
    vendor: 'ผู้ผลิต',
    product: 'ผลิตภัณฑ์',
    versions: 'รุ่นที่ได้รับผลกระทบ',
    addProduct: 'เพิ่มผลิตภัณฑ์',
    removeProduct: 'ลบผลิตภัณฑ์นี้',
    references: 'แหล่งอ้างอิง (URL)',
    sectors: 'กลุ่มโครงสร้างพื้นฐานสำคัญเป้าหมาย',
    allSectors: 'ไม่เลือก = ทุกกลุ่ม',
    recipients: 'หน่วยงานผู้รับที่ระบุ (จำเป็นสำหรับ TLP:RED)',
    changeSummary: 'สรุปสิ่งที่เปลี่ยน (ประวัติการปรับปรุง)',
    cancel: 'ยกเลิก',
  },
  en: {
    tlp: 'Sharing (TLP)',
    titleTh: 'Title (Thai)',
    titleEn: 'Title (English)',
    summaryTh: 'Summary (Thai)',
    summaryEn: 'Summary (English)',
    recommendationsTh: 'Recommendations (Thai)',
    recommendationsEn: 'Recommendations (English)',
    cveIds: 'CVE ids',
    cveHint: 'e.g. CVE-2024-3400; press Enter after each',
    cvssVector: 'CVSS vector (3.0, 3.1 or 4.0)',
    cvssHint: 'e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    preview: 'Base score (computed as you type)',
    invalid: 'Not a valid vector',
    incomplete: 'Not every base metric is given yet',
    products: 'Affected products',
    vendor: 'Vendor',
    product: 'Product',
    versions: 'Affected versions',
    addProduct: 'Add a product',
    removeProduct: 'Remove this product',
    references: 'References (URLs)',
    sectors: 'Target CII sectors',
    allSectors: 'None chosen = all sectors',
    recipients: 'Named recipient organizations (required for TLP:RED)',
    changeSummary: 'What changed (revision history)',
    cancel: 'Cancel',
  },
};

const SEVERITY_COLOR: Record<string, string> = { NONE: 'gray', LOW: 'green', MEDIUM: 'yellow', HIGH: 'orange', CRITICAL: 'red' };

export function CvssPreviewBadge({ vector }: { vector: string }) {
  const t = useText(TEXT);
  const vocabulary = useVocabulary();
  const preview = useCvssPreview(vector);
  return (
    <Group
      gap="xs"
      data-testid="cvss-preview"
      data-state={preview.state}
      data-score={preview.state === 'scored' ? preview.baseScore : undefined}
    >
      <Text size="sm">{t.preview}:</Text>
      {preview.state === 'scored' ? (
        <Badge size="lg" color={SEVERITY_COLOR[preview.severity]}>
          {`${preview.baseScore.toFixed(1)} · ${vocabulary.label('CvssSeverity', preview.severity)} · CVSS ${preview.version}`}
        </Badge>
      ) : preview.state === 'empty' ? (
        <Text size="sm" c="dimmed">
          —
        </Text>
      ) : (
        <Text size="sm" c="red">
          {preview.state === 'invalid' ? t.invalid : t.incomplete}
        </Text>
      )}
    </Group>
  );
}

/**
 * The advisory's content, bilingual: drafting a new one and revising one use the same form. `changeSummary`
 * is asked for when the advisory is already published.
 */
export function AdvisoryForm({
  initial,
  submitLabel,
  error,
  fetching,
  askChangeSummary,
  onSubmit,
  onCancel,
}: {
  initial: AdvisoryContent;
  submitLabel: string;
  error: CombinedError | undefined;
  fetching: boolean;
  askChangeSummary?: boolean;
  onSubmit(content: AdvisoryContent, changeSummary: string): void;
  onCancel?: () => void;
}) {
  const t = useText(TEXT);
  const { language } = useLanguage();
  const vocabulary = useVocabulary();
  const [content, setContent] = useState<AdvisoryContent>(initial);
  const [changeSummary, setChangeSummary] = useState('');
  const [{ data: choices }] = useQuery<{
    sectors: { id: string; nameTh: string; nameEn: string }[];
    organizations: { edges: { node: { id: string; nameTh: string; nameEn: string } }[] } | null;
  }>({ query: ADVISORY_FORM_CHOICES, requestPolicy: 'cache-first' });
  const problems = useFieldProblems(error);
  const p = (field: string) => problems[`input.${field}`] ?? problems[field];
  const set = <K extends keyof AdvisoryContent>(key: K, value: AdvisoryContent[K]) => setContent((c) => ({ ...c, [key]: value }));
  const text = (key: 'titleTh' | 'titleEn' | 'summaryTh' | 'summaryEn' | 'recommendationsTh' | 'recommendationsEn', long: boolean) =>
    long ? (
      <Textarea label={t[key]} autosize minRows={3} value={content[key]} onChange={(e) => set(key, e.currentTarget.value)} error={p(key)} />
    ) : (
      <TextInput label={t[key]} value={content[key]} onChange={(e) => set(key, e.currentTarget.value)} error={p(key)} />
    );
  const name = (o: { nameTh: string; nameEn: string }) => (language === 'th' ? o.nameTh : o.nameEn);
  const products = content.affectedProducts;
  return (
    <form
      data-testid="advisory-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(content, changeSummary);
      }}
    >
      <Stack>
        <Select
          label={t.tlp}
          w={{ base: '100%', sm: 360 }}
          allowDeselect={false}
          data={vocabulary.choices('Tlp')}
          value={content.tlp}
          onChange={(value) => set('tlp', value)}
          error={p('tlp')}
          data-testid="advisory-tlp"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text('titleTh', false)}
          {text('titleEn', false)}
          {text('summaryTh', true)}
          {text('summaryEn', true)}
          {text('recommendationsTh', true)}
          {text('recommendationsEn', true)}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TagsInput
            label={t.cveIds}
            description={t.cveHint}
            value={content.cveIds}
            onChange={(value) => set('cveIds', value)}
            error={p('cveIds')}
          />
          <Stack gap={4}>
            <TextInput
              label={t.cvssVector}
              description={t.cvssHint}
              value={content.cvssVector}
              onChange={(e) => set('cvssVector', e.currentTarget.value)}
              error={p('cvssVector')}
              data-testid="advisory-cvss-vector"
            />
            <CvssPreviewBadge vector={content.cvssVector} />
          </Stack>
        </SimpleGrid>
        <Card withBorder padding="sm">
          <Title order={4} size="h6" mb="xs">
            {t.products}
          </Title>
          <Stack gap="xs">
            {products.map((product, i) => (
              <Group key={i} align="flex-end" wrap="wrap">
                <TextInput
                  label={t.vendor}
                  value={product.vendor}
                  onChange={(e) =>
                    set(
                      'affectedProducts',
                      products.map((q, j) => (j === i ? { ...q, vendor: e.currentTarget.value } : q)),
                    )
                  }
                  error={p(`affectedProducts.${i}.vendor`)}
                />
                <TextInput
                  label={t.product}
                  value={product.product}
                  onChange={(e) =>
                    set(
                      'affectedProducts',
                      products.map((q, j) => (j === i ? { ...q, product: e.currentTarget.value } : q)),
                    )
                  }
                  error={p(`affectedProducts.${i}.product`)}
                />
                <TagsInput
                  label={t.versions}
                  miw={200}
                  value={product.versions}
                  onChange={(value) =>
                    set(
                      'affectedProducts',
                      products.map((q, j) => (j === i ? { ...q, versions: value } : q)),
                    )
                  }
                />
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t.removeProduct}
                  title={t.removeProduct}
                  onClick={() =>
                    set(
                      'affectedProducts',
                      products.filter((_, j) => j !== i),
                    )
                  }
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                size="xs"
                variant="light"
                onClick={() => set('affectedProducts', [...products, { vendor: '', product: '', versions: [] }])}
              >
                {t.addProduct}
              </Button>
            </Group>
          </Stack>
        </Card>
        <TagsInput label={t.references} value={content.references} onChange={(value) => set('references', value)} error={p('references')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <MultiSelect
            label={t.sectors}
            description={t.allSectors}
            searchable
            data={(choices?.sectors ?? []).map((s) => ({ value: s.id, label: name(s) }))}
            value={content.targetSectorIds}
            onChange={(value) => set('targetSectorIds', value)}
            error={p('targetSectorIds')}
          />
          <MultiSelect
            label={t.recipients}
            searchable
            data={(choices?.organizations?.edges ?? []).map(({ node }) => ({ value: node.id, label: name(node) }))}
            value={content.recipientOrganizationIds}
            onChange={(value) => set('recipientOrganizationIds', value)}
            error={p('recipientOrganizationIds')}
          />
        </SimpleGrid>
        {askChangeSummary && (
          <Textarea
            label={t.changeSummary}
            required
            autosize
            value={changeSummary}
            onChange={(e) => setChangeSummary(e.currentTarget.value)}
            error={problems.changeSummary}
          />
        )}
        <ErrorNotice error={error} />
        <Group>
          <Button type="submit" loading={fetching}>
            {submitLabel}
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t.cancel}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
