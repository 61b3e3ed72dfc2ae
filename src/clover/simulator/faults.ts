// Scripted infrastructure faults (control.fault): errors, slow answers and dropped sockets,
// matched by host, method and pathname, each firing a limited number of times.
import type { FaultKind, FaultRule, HostRole } from './types';

interface ActiveFault {
  rule: FaultRule;
  remaining: number;
}

export interface AppliedFault {
  kind: FaultKind;
  delayMs: number;
}

export class FaultList {
  private faults: ActiveFault[] = [];

  add(rule: FaultRule): void {
    if (typeof rule.path !== 'string' && !(rule.path instanceof RegExp)) throw new Error('fault rule needs a path (string or RegExp)');
    this.faults.push({ rule, remaining: rule.times ?? 1 });
  }

  /** The first matching fault, consuming one of its uses. */
  take(host: HostRole, method: string, path: string): AppliedFault | undefined {
    for (const f of this.faults) {
      const { rule } = f;
      if (f.remaining <= 0) continue;
      if (rule.host && rule.host !== host) continue;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (typeof rule.path === 'string' ? rule.path !== path : !matches(rule.path, path)) continue;
      f.remaining--;
      this.faults = this.faults.filter((x) => x.remaining > 0);
      return { kind: rule.kind, delayMs: rule.delayMs ?? 1000 };
    }
    return undefined;
  }

  clear(): void {
    this.faults = [];
  }
}

function matches(re: RegExp, path: string): boolean {
  re.lastIndex = 0; // a /g or /y RegExp is stateful
  return re.test(path);
}
