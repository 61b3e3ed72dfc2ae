// A titled block of the settings page with its own result line.
import type { ReactNode } from 'react';
import { StatusLine, type Tone } from '../ui/StatusLine';

export type SectionResult = { text: string; tone: Tone } | null;

export function SettingsSection({ id, title, result, children }: { id: string; title: string; result: SectionResult; children: ReactNode }) {
  return (
    <section className="panel settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
      <StatusLine tone={result?.tone ?? 'info'}>{result?.text}</StatusLine>
    </section>
  );
}
