// The dotted keys `counter settings set` accepts, read from the app's own settings schema (as
// JSON Schema, zod's documented export), so a setting added to the app is settable here at once.
import { z } from 'zod';
import { CounterError } from '../shared/contract/result';
import { settingsSchema } from '../shared/settings';

/** The part of a JSON Schema node this walk reads. */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  propertyNames?: { enum?: string[] };
  additionalProperties?: SchemaNode | boolean;
}

/** Settings that change elsewhere, with where. */
const SET_ELSEWHERE: Record<string, string> = {
  version: 'it is the file format',
  managerPinHash: 'the manager PIN changes with `counter manager-pin`',
  'clover.merchantId': 'the Clover merchant changes only with `counter connect` / `counter disconnect`',
  'clover.merchantName': 'the Clover merchant changes only with `counter connect` / `counter disconnect`',
};

let root: SchemaNode | null = null;
// Built on first use: most commands never need it.
const schemaRoot = () => (root ??= z.toJSONSchema(settingsSchema, { io: 'input', unrepresentable: 'any' }) as SchemaNode);

/** The keys one level below a node: an object's properties (every variant of a union), a record's keys. */
function keysBelow(node: SchemaNode): Map<string, SchemaNode> {
  const keys = new Map(Object.entries(node.properties ?? {}));
  for (const variant of [...(node.oneOf ?? []), ...(node.anyOf ?? [])]) for (const [k, v] of keysBelow(variant)) if (!keys.has(k)) keys.set(k, v);
  const values = typeof node.additionalProperties === 'object' ? node.additionalProperties : null;
  if (values) for (const k of node.propertyNames?.enum ?? []) keys.set(k, values);
  return keys;
}

const bad = (message: string) => new CounterError('BAD_INPUT', message);

/** The schema of a settable key; BAD_INPUT naming the keys there are for an unknown one. */
export function settingSchema(key: string): SchemaNode {
  const parts = key.split('.');
  if (parts.some((p) => p.trim() === '')) throw bad(`"${key}" is not a setting: use a dotted name such as clover.keyedEntry`);
  let node = schemaRoot();
  for (const [i, part] of parts.entries()) {
    const path = parts.slice(0, i + 1).join('.');
    const section = parts.slice(0, i).join('.');
    if (SET_ELSEWHERE[path]) throw bad(`${path} is not set with \`counter settings set\`: ${SET_ELSEWHERE[path]}.`);
    const keys = keysBelow(node);
    const next = keys.get(part);
    if (next) {
      node = next;
      continue;
    }
    // Records whose keys are free (none today) take any key.
    if (typeof node.additionalProperties === 'object' && !node.propertyNames?.enum) {
      node = node.additionalProperties;
      continue;
    }
    const known = [...keys.keys()].filter((k) => !SET_ELSEWHERE[section ? `${section}.${k}` : k]);
    if (!known.length) throw bad(`unknown setting "${key}": ${section} is ${node.type === 'array' ? 'a list, set whole as JSON' : 'a single value'} (\`counter settings set ${section} <value>\`)`);
    throw bad(`unknown setting "${key}": ${section ? `${section} has` : 'the settings are'} ${known.join(', ')}`);
  }
  return node;
}
