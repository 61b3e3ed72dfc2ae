// One `counter settings set <key> <value>` applied to the settings: the value read as JSON when
// it parses (else as the text typed), put at its dotted key, and the whole result checked by
// the app's settings schema. Pure: nothing is read or written here.
import { CounterError } from '../shared/contract/result';
import { type Settings, settingsSchema } from '../shared/settings';
import { type SchemaNode, settingSchema } from './settings-keys';

const bad = (message: string) => new CounterError('BAD_INPUT', message);

/** The value to store; undefined for `null`, which removes the key (its default applies again). */
function settingValue(text: string, schema: SchemaNode): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  if (parsed === null) return undefined;
  // A text setting keeps what was typed: `store.phone 6135550100` is a phone number, not a number.
  if (schema.type === 'string' && typeof parsed !== 'string') return text;
  return parsed;
}

const isSection = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function valueAt(settings: unknown, key: string): unknown {
  let value = settings;
  for (const part of key.split('.')) value = isSection(value) ? value[part] : undefined;
  return value;
}

/**
 * The first part of `wanted` the schema did not keep (a key it does not know inside an object
 * value, a key of another variant such as printer.url while printer.type is none), or null.
 */
function notKept(wanted: unknown, kept: unknown, path: string): string | null {
  if (isSection(wanted)) {
    if (!isSection(kept)) return path;
    for (const [k, v] of Object.entries(wanted)) {
      const dropped = notKept(v, kept[k], `${path}.${k}`);
      if (dropped) return dropped;
    }
    return null;
  }
  if (Array.isArray(wanted)) {
    if (!Array.isArray(kept) || kept.length !== wanted.length) return path;
    for (const [i, v] of wanted.entries()) {
      const dropped = notKept(v, kept[i], `${path}.${i}`);
      if (dropped) return dropped;
    }
    return null;
  }
  return Object.is(wanted, kept) ? null : path;
}

/** The settings with `key` set to `text`, validated whole; BAD_INPUT (nothing changed) if not valid. */
export function withSetting(current: Settings, key: string, text: string): Settings {
  const value = settingValue(text, settingSchema(key));
  const draft: Record<string, unknown> = structuredClone(current);
  const parts = key.split('.');
  let section = draft;
  for (const part of parts.slice(0, -1)) {
    section[part] ??= {};
    if (!isSection(section[part])) throw bad(`${key}: ${part} is not a section`);
    section = section[part];
  }
  const last = parts.at(-1)!;
  if (value === undefined) delete section[last];
  else section[last] = value;

  const parsed = settingsSchema.safeParse(draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw bad(`bad value for ${key}: ${issue?.path.join('.') || key}: ${issue?.message ?? 'invalid'}`);
  }
  const dropped = value === undefined ? null : notKept(value, valueAt(parsed.data, key), key);
  if (dropped) throw bad(`unknown setting "${dropped}": the settings schema does not keep it${dropped === key ? '' : ` in ${key}`} (for a section with variants, such as printer, set the whole section as JSON)`);
  return parsed.data;
}

/**
 * The till's settings.update patch that turns `current` into `next`: the whole top-level
 * section `key` is in. The till merges a section over the current one, so a key the change
 * removed is given as undefined (this runs in-process; nothing is serialised in between).
 */
export function settingsPatch(current: Settings, next: Settings, key: string): Record<string, unknown> {
  const top = key.split('.')[0]!;
  const was = (current as Record<string, unknown>)[top];
  const now = (next as Record<string, unknown>)[top];
  if (now === undefined) throw bad(`${top} cannot be removed with \`counter settings set\``);
  if (!isSection(was) || !isSection(now)) return { [top]: now };
  const removed = Object.fromEntries(Object.keys(was).filter((k) => !(k in now)).map((k) => [k, undefined]));
  return { [top]: { ...removed, ...now } };
}
