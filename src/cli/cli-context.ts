// What every `counter` command shares: global options, opening the till, calling it through
// the same contract gate as the UI, printing (human or --json) and the exit codes:
//   0 done · 1 refused or declined · 2 bad usage or config · 3 outcome unknown
import type { CallName, CallOutput } from '../shared/contract/calls';
import type { ApiError, ErrorCode } from '../shared/contract/result';
import { lineLogger } from '../shared/logger';
import { dispatchCall } from '../till/api/dispatch-call';
import { createCounterHandlers } from '../till/api/counter-handlers';
import { toApiError } from '../till/api/to-api-error';
import { resolveDataDir, withFirstRunTraining } from '../till/config/till-config';
import { createTill, type Till } from '../till/create-till';
import { announceTraining } from './training-mode';

export const EXIT = { done: 0, refused: 1, usage: 2, unknown: 3 } as const;

export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
  verbose?: boolean;
}

/** Ends the command with this exit code after printing. */
export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    readonly error: ApiError | null = null,
  ) {
    super(error?.message ?? `exit ${exitCode}`);
  }
}

const EXIT_FOR: Partial<Record<ErrorCode, number>> = {
  BAD_INPUT: EXIT.usage,
  OUTCOME_UNKNOWN: EXIT.unknown,
};

export function exitCodeFor(error: ApiError): number {
  return EXIT_FOR[error.code] ?? EXIT.refused;
}

export class CliContext {
  private tillPromise: Promise<Till> | null = null;

  constructor(readonly options: GlobalOptions) {}

  /**
   * `autoConnectSimulator: false` for commands that set the Clover credential themselves;
   * `firstRunTraining: false` for those that store a secret (training keeps secrets in memory).
   */
  till(options: { autoConnectSimulator?: boolean; firstRunTraining?: boolean } = {}): Promise<Till> {
    this.tillPromise ??= (async () => {
      const dataDir = resolveDataDir(this.options.dataDir);
      const logger = lineLogger((line) => process.stderr.write(`${line}\n`), this.options.verbose ? 'debug' : 'warn');
      const { firstRunTraining = true, ...tillOptions } = options;
      // Like the app: a first run with no Clover app configured trains on the built-in
      // simulator, whose customer taps, instead of waiting for a customer who never comes.
      const env = firstRunTraining ? withFirstRunTraining(process.env, dataDir) : process.env;
      const till = await createTill({ dataDir, env, logger, ...tillOptions });
      if (till.config.training) announceTraining(till);
      return till;
    })().catch((error: unknown) => {
      const apiError = toApiError(error);
      throw new CliExit(apiError.code === 'BAD_INPUT' ? EXIT.usage : EXIT.refused, apiError);
    });
    return this.tillPromise;
  }

  /** Calls the till through the contract's schema gate, exactly as the UI does. */
  async call<N extends CallName>(name: N, input: unknown, extra: Parameters<typeof createCounterHandlers>[1] = {}): Promise<CallOutput<N>> {
    const till = await this.till();
    const result = await dispatchCall(createCounterHandlers(till, extra), name, input, till.logger);
    if (!result.ok) throw new CliExit(exitCodeFor(result.error), result.error);
    return result.value as CallOutput<N>;
  }

  /** Prints the result: one JSON object with --json, else the human lines. */
  print(value: Record<string, unknown>, human: string | string[]): void {
    if (this.options.json) process.stdout.write(`${JSON.stringify({ ok: true, ...value })}\n`);
    else process.stdout.write(`${[human].flat().join('\n')}\n`);
  }

  async close(): Promise<void> {
    if (!this.tillPromise) return;
    const till = await this.tillPromise.catch(() => null);
    await till?.close();
  }
}
