import { Text } from '@mantine/core';

import type { useVocabulary } from '../api/vocabulary.js';
import { dateTime } from '../i18n/dates.js';
import type { Language } from '../i18n/language.js';
import { fieldLabel } from './field-labels.js';

type Vocabulary = ReturnType<typeof useVocabulary>;

/** The choice list a report field's values come from, by the field's last name (e.g. `partTwo.symptoms`). */
const LIST_OF_FIELD: Record<string, string> = {
  severity: 'ThreatLevel',
  reportedSeverity: 'ThreatLevel',
  categories: 'ThreatCategory',
  affectedAssetTypes: 'AffectedAssetType',
  responseSituations: 'ResponseSituation',
  actionsTaken: 'ActionTaken',
  continuity: 'Continuity',
  sourcesOrCauses: 'SourceOrCause',
  detectedBy: 'DetectedBy',
  symptoms: 'Symptom',
  dataTypes: 'PersonalDataType',
};

const YES_NO: Record<Language, [string, string]> = { th: ['ใช่', 'ไม่ใช่'], en: ['Yes', 'No'] };
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A reported value as a person reads it: choices by their label, instants in Bangkok time, yes/no
 * in words, nested parts as "label: value" lines (empty ones left out); never raw JSON.
 */
export function valueText(field: string, value: unknown, vocabulary: Vocabulary, language: Language): string {
  if (value === null || value === undefined || value === '') return '—';
  const list = LIST_OF_FIELD[field.split('.').pop() ?? ''];
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    return value.map((item) => valueText(field, item, vocabulary, language)).join(', ');
  }
  if (typeof value === 'boolean') return YES_NO[language][value ? 0 : 1];
  if (typeof value === 'string') {
    if (list) return vocabulary.label(list, value);
    if (ISO_INSTANT.test(value)) return dateTime(value, language);
    return value;
  }
  if (typeof value === 'number') return value.toLocaleString(language === 'th' ? 'th-TH' : 'en-GB');
  if (typeof value === 'object') {
    const lines = Object.entries(value as Record<string, unknown>)
      .filter(([name]) => name !== '__typename')
      .map(([name, inner]) => [fieldLabel(name, language), valueText(name, inner, vocabulary, language)])
      .filter(([, text]) => text !== '—')
      .map(([label, text]) => `${label}: ${text}`);
    return lines.length ? lines.join('\n') : '—';
  }
  return String(value);
}

/** A value in a fact list, dimmed when there is none. */
export function Value({ text }: { text: string }) {
  return (
    <Text size="sm" c={text === '—' ? 'dimmed' : undefined} style={{ whiteSpace: 'pre-wrap' }}>
      {text}
    </Text>
  );
}
