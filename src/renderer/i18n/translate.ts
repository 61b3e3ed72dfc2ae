// Message lookup with {placeholder} filling. Pure, so the unit tests run it in Node.
import { en, type MessageKey, type Messages } from './en';
import { frCA } from './fr-CA';

export type Language = 'en' | 'fr-CA';
export const LANGUAGES: readonly Language[] = ['en', 'fr-CA'];

/** Native names: a cashier who cannot read the current language still finds their own. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', 'fr-CA': 'Français (Canada)' };

export const TABLES: Readonly<Record<Language, Messages>> = { en, 'fr-CA': frCA };

/** The BCP 47 locale Intl formats money and dates with. */
export function localeFor(language: Language): string {
  return language === 'fr-CA' ? 'fr-CA' : 'en-US';
}

export type Vars = Readonly<Record<string, string | number>>;

export function translate(language: Language, key: MessageKey, vars?: Vars): string {
  const template = TABLES[language][key] ?? en[key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The {names} a template uses: both languages must use the same ones. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}
