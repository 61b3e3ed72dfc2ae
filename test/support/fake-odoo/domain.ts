// Odoo search domains (prefix notation with '&', '|', '!'; implicit AND between terms),
// evaluated against the fake's in-memory records.
import { FakeOdooFault } from './errors';

export type Leaf = { op: 'leaf'; field: string; operator: string; value: unknown };
export type DomainNode = { op: 'and' | 'or'; a: DomainNode; b: DomainNode } | { op: 'not'; a: DomainNode } | Leaf | { op: 'true' };

const OPERATORS = new Set(['=', '!=', 'in', 'not in', '<', '>', '<=', '>=', 'like', 'ilike', 'not like', 'not ilike', '=like', '=ilike', 'child_of']);

export function parseDomain(domain: unknown): DomainNode {
  if (domain === undefined) return { op: 'true' };
  if (!Array.isArray(domain)) throw FakeOdooFault.validation('domain must be a list');
  let i = 0;
  const one = (): DomainNode => {
    const term: unknown = domain[i++];
    if (term === '&' || term === '|') {
      const a = one();
      const b = one();
      return { op: term === '&' ? 'and' : 'or', a, b };
    }
    if (term === '!') return { op: 'not', a: one() };
    if (Array.isArray(term) && term.length === 3 && typeof term[0] === 'string' && typeof term[1] === 'string') {
      if (!OPERATORS.has(term[1])) throw FakeOdooFault.validation(`Invalid leaf ${JSON.stringify(term)}`);
      return { op: 'leaf', field: term[0], operator: term[1], value: term[2] };
    }
    throw FakeOdooFault.validation(`Invalid domain term ${JSON.stringify(term)}`);
  };
  const nodes: DomainNode[] = [];
  while (i < domain.length) nodes.push(one());
  return nodes.reduce<DomainNode>((acc, n) => (acc.op === 'true' ? n : { op: 'and', a: acc, b: n }), { op: 'true' });
}

export function leaves(node: DomainNode): Leaf[] {
  switch (node.op) {
    case 'leaf':
      return [node];
    case 'not':
      return leaves(node.a);
    case 'and':
    case 'or':
      return [...leaves(node.a), ...leaves(node.b)];
    default:
      return [];
  }
}

function likeToRegExp(pattern: string, flags: string): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${body}$`, flags);
}

/** How a leaf sees a record: `value` is the raw field, `display` a many2one's name. */
export interface FieldView {
  value(field: string): unknown;
  display(field: string): string | null;
  isChildOf(field: string, id: number): boolean;
}

function compareLeaf(leaf: Leaf, view: FieldView): boolean {
  const raw = view.value(leaf.field);
  const v = leaf.value;
  switch (leaf.operator) {
    case '=':
      return v === false ? !raw : raw === v;
    case '!=':
      return v === false ? !!raw : raw !== v;
    case 'in':
      return Array.isArray(v) && v.includes(raw);
    case 'not in':
      return Array.isArray(v) && !v.includes(raw);
    case '<':
      return (raw as number) < (v as number);
    case '>':
      return (raw as number) > (v as number);
    case '<=':
      return (raw as number) <= (v as number);
    case '>=':
      return (raw as number) >= (v as number);
    case 'child_of':
      return view.isChildOf(leaf.field, v as number);
    default: {
      const text = view.display(leaf.field) ?? (typeof raw === 'string' ? raw : '');
      const needle = String(v);
      switch (leaf.operator) {
        case 'like':
          return text.includes(needle);
        case 'ilike':
          return text.toLowerCase().includes(needle.toLowerCase());
        case 'not like':
          return !text.includes(needle);
        case 'not ilike':
          return !text.toLowerCase().includes(needle.toLowerCase());
        case '=like':
          return likeToRegExp(needle, '').test(text);
        case '=ilike':
          return likeToRegExp(needle, 'i').test(text);
      }
      return false;
    }
  }
}

export function matches(node: DomainNode, view: FieldView): boolean {
  switch (node.op) {
    case 'true':
      return true;
    case 'leaf':
      return compareLeaf(node, view);
    case 'not':
      return !matches(node.a, view);
    case 'and':
      return matches(node.a, view) && matches(node.b, view);
    case 'or':
      return matches(node.a, view) || matches(node.b, view);
  }
}

/**
 * Ids that can possibly match, from an index (`lookup` returns null for unindexed leaves), so
 * a search by reference over thousands of payments stays cheap. null = scan everything.
 */
export function candidates(node: DomainNode, lookup: (leaf: Leaf) => Set<number> | null): Set<number> | null {
  switch (node.op) {
    case 'leaf':
      return lookup(node);
    case 'and': {
      const a = candidates(node.a, lookup);
      const b = candidates(node.b, lookup);
      if (!a) return b;
      if (!b) return a;
      return new Set([...a].filter((id) => b.has(id)));
    }
    case 'or': {
      const a = candidates(node.a, lookup);
      const b = candidates(node.b, lookup);
      return a && b ? new Set([...a, ...b]) : null;
    }
    default:
      return null;
  }
}
