import { Badge } from '@mantine/core';
import { useEffect, useState } from 'react';

import { dateTime } from '../i18n/dates.js';
import { useLanguage, type Bilingual } from '../i18n/language.js';

/** The current time, ticking every `everyMs`: one timer per component that shows a countdown. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

const TEXT: Bilingual<'left' | 'overdue' | 'met' | 'none'> = {
  th: { left: 'เหลือ {time}', overdue: 'เกินกำหนด {time}', met: 'ส่งแล้ว', none: 'ไม่มีกำหนด' },
  en: { left: '{time} left', overdue: 'overdue by {time}', met: 'met', none: 'no deadline' },
};

/** "3 h 12 min", "2 d 4 h", in the person's language. */
export function duration(ms: number, language: 'th' | 'en'): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const [d, h, m] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  const units = language === 'th' ? { d: 'วัน', h: 'ชม.', m: 'นาที' } : { d: 'd', h: 'h', m: 'min' };
  if (d > 0) return `${d} ${units.d} ${h} ${units.h}`;
  if (h > 0) return `${h} ${units.h} ${m} ${units.m}`;
  return `${m} ${units.m}`;
}

/**
 * Time left until a deadline, amber in its last quarter of a day, red once overdue; `met` when the
 * duty was done. The exact deadline (Bangkok time) is in the tooltip-like title.
 */
export function Countdown({ dueAt, met, label }: { dueAt: string | null | undefined; met?: boolean; label?: string }) {
  const { language } = useLanguage();
  const now = useNow();
  const t = TEXT[language];
  if (met)
    return (
      <Badge color="green" variant="light">
        {label ? `${label}: ${t.met}` : t.met}
      </Badge>
    );
  if (!dueAt)
    return (
      <Badge color="gray" variant="light">
        {label ? `${label}: ${t.none}` : t.none}
      </Badge>
    );
  const left = new Date(dueAt).getTime() - now;
  const text = (left < 0 ? t.overdue : t.left).replace('{time}', duration(left, language));
  const color = left < 0 ? 'red' : left < 6 * 3600_000 ? 'orange' : 'blue';
  return (
    <Badge color={color} variant={left < 0 ? 'filled' : 'light'} title={dateTime(dueAt, language)} data-overdue={left < 0}>
      {label ? `${label}: ${text}` : text}
    </Badge>
  );
}
