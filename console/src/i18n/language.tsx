import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

import type { Bilingual, Language } from './bilingual.js';

export { LANGUAGES, type Bilingual, type Language } from './bilingual.js';

const STORED = 'console.language';

const LanguageContext = createContext<{ language: Language; setLanguage(language: Language): void }>({
  language: 'th',
  setLanguage: () => {},
});

/** Thai unless the person chose English; the choice is kept in the browser and set on `<html lang>`. */
export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(() => (localStorage.getItem(STORED) === 'en' ? 'en' : 'th'));
  useEffect(() => {
    localStorage.setItem(STORED, language);
    document.documentElement.lang = language;
  }, [language]);
  return <LanguageContext.Provider value={{ language, setLanguage }}>{children}</LanguageContext.Provider>;
}

export const useLanguage = () => useContext(LanguageContext);

/** A page's words in the person's language: `const t = useText(TEXT); t.title`. */
export function useText<Keys extends string>(text: Bilingual<Keys>): Record<Keys, string> {
  return text[useLanguage().language];
}

/** `{name}` placeholders filled from `values`. */
export const fill = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));

/** The Thai or the English half of a schema description written "ไทย | English" (the vocabulary's labels). */
export const labelIn = (language: Language, th: string, en: string): string => (language === 'th' ? th : en);
