import { gql, useQuery } from 'urql';

import { useLanguage } from '../i18n/language.js';

export const VOCABULARY = gql`
  query ConsoleVocabulary {
    vocabulary {
      name
      choices {
        value
        labelTh
        labelEn
      }
    }
  }
`;

interface ChoiceList {
  name: string;
  choices: { value: string; labelTh: string; labelEn: string }[];
}

/**
 * The form's choice lists with their Thai and English labels, from the graph's `vocabulary` query
 * (asked once per sign-in): `label('ThreatCategory', 'MALWARE')`, `choices('ImpactLevel')` for a select.
 */
export function useVocabulary() {
  const { language } = useLanguage();
  const [{ data }] = useQuery<{ vocabulary: ChoiceList[] | null }>({ query: VOCABULARY, requestPolicy: 'cache-first' });
  const lists = new Map((data?.vocabulary ?? []).map((list) => [list.name, list.choices]));
  const labelOf = (choice: ChoiceList['choices'][number]) => (language === 'th' ? choice.labelTh : choice.labelEn);
  return {
    ready: !!data?.vocabulary,
    label: (list: string, value: string | null | undefined): string => {
      const choice = lists.get(list)?.find((c) => c.value === value);
      return choice ? labelOf(choice) : (value ?? '—');
    },
    choices: (list: string): { value: string; label: string }[] =>
      (lists.get(list) ?? []).map((choice) => ({ value: choice.value, label: labelOf(choice) })),
  };
}
