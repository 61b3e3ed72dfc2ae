// The current language's messages and Intl formatters, re-rendered live when it changes.
import { useMemo } from 'react';
import type { MessageKey } from '../i18n/en';
import { formatDateTime, formatMoney, formatRate, formatAge, formatShortDateTime, formatTime, minorToInput } from '../i18n/format';
import { localeFor, translate, type Vars } from '../i18n/translate';
import { useAppStore } from '../stores/app-store';

export function useT() {
  const language = useAppStore((s) => s.language);
  const currency = useAppStore((s) => s.settings?.currency ?? 'USD');
  return useMemo(() => {
    const locale = localeFor(language);
    return {
      language,
      locale,
      currency,
      t: (key: MessageKey, vars?: Vars) => translate(language, key, vars),
      money: (minor: number, cur: string = currency) => formatMoney(minor, cur, locale),
      dateTime: (ms: number) => formatDateTime(ms, locale),
      shortDateTime: (ms: number) => formatShortDateTime(ms, locale),
      time: (ms: number) => formatTime(ms, locale),
      rate: (bps: number) => formatRate(bps, locale),
      age: (ms: number) => formatAge(ms, locale),
      amountInput: (minor: number) => minorToInput(minor, locale),
    };
  }, [language, currency]);
}

export type T = ReturnType<typeof useT>;
