import { Alert, Text } from '@mantine/core';
import type { CombinedError } from 'urql';

import { fill, useLanguage, type Bilingual } from '../i18n/language.js';
import { ERROR_TEXT, PROBLEM_TEXT } from './error-text.js';

const NOT_VISIBLE: Bilingual<'notVisible'> = {
  th: { notVisible: 'ไม่แสดงสำหรับบทบาทของท่าน' },
  en: { notVisible: 'Not visible to your role' },
};

interface InvalidField {
  field: string;
  problems: string[];
  codes?: string[];
}

const codeOf = (error: CombinedError): string =>
  error.networkError && error.graphQLErrors.length === 0
    ? 'NETWORK'
    : String(error.graphQLErrors.find((e) => e.path === undefined || e.extensions?.code !== 'FORBIDDEN')?.extensions?.code ?? 'UNKNOWN');

/** The problems of each field of a refused input, in the person's language, by field path (e.g. `input.detectedAt`). */
export function useFieldProblems(error: CombinedError | undefined): Record<string, string> {
  const { language } = useLanguage();
  const problems: Record<string, string> = {};
  for (const graphQLError of error?.graphQLErrors ?? []) {
    for (const field of (graphQLError.extensions?.invalidFields ?? []) as InvalidField[]) {
      const texts = field.problems.map((problem, i) => PROBLEM_TEXT[language][field.codes?.[i] ?? ''] ?? problem);
      problems[field.field] = texts.join('; ');
    }
  }
  return problems;
}

/** One field of the answer refused by role (a null with FORBIDDEN at its path), while the rest of the page renders. */
export const isForbiddenAt = (error: CombinedError | undefined, path: readonly (string | number)[]): boolean =>
  !!error?.graphQLErrors.some((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.join('.') === path.join('.'));

export function NotVisible() {
  const { language } = useLanguage();
  return (
    <Text c="dimmed" fs="italic" size="sm">
      {NOT_VISIBLE[language].notVisible}
    </Text>
  );
}

/**
 * An error as a person reads it: what its code means and, for refused input, each field's problem.
 * Field-level FORBIDDEN errors are left to {@link isForbiddenAt}: the page shows those fields as not visible.
 */
export function ErrorNotice({ error }: { error: CombinedError | undefined }) {
  const { language } = useLanguage();
  const problems = useFieldProblems(error);
  if (!error) return null;
  const pageErrors = error.graphQLErrors.filter((e) => !(e.extensions?.code === 'FORBIDDEN' && e.path && e.path.length > 1));
  if (pageErrors.length === 0 && !error.networkError) return null;
  const code = codeOf(error);
  const retryAfter = error.graphQLErrors.find((e) => e.extensions?.retryAfterSeconds)?.extensions?.retryAfterSeconds;
  return (
    <Alert color="red" role="alert" title={ERROR_TEXT[language][code] ?? ERROR_TEXT[language].UNKNOWN}>
      {Object.entries(problems).map(([field, text]) => (
        <Text key={field} size="sm">
          {field}: {text}
        </Text>
      ))}
      {retryAfter ? (
        <Text size="sm">{fill(language === 'th' ? 'ลองใหม่ใน {s} วินาที' : 'Try again in {s} s', { s: String(retryAfter) })}</Text>
      ) : null}
    </Alert>
  );
}
