export type Language = 'th' | 'en';
export const LANGUAGES: readonly Language[] = ['th', 'en'];

/** One page's words in both languages: the compiler refuses a key missing from either. */
export type Bilingual<Keys extends string> = Record<Language, Record<Keys, string>>;
