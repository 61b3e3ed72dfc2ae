// Every error that can leave the till, mapped to a code and a message safe for a cashier:
// no secrets, no card numbers (redacted again here), no stack traces.
import {
  CardValidationError, CloverConfigError, CloverInputError, CloverNotSupportedError, CloverRequestError, CredentialRejectedError, OAuthCallbackError, OAuthExchangeError,
  ReauthorizeRequiredError, TokenRefreshError,
} from '../../clover';
import { type ApiError, CounterError } from '../../shared/contract/result';
import { MoneyError } from '../../shared/money';
import { redact } from '../../shared/redact';
import { LedgerRuleError, LedgerUnavailableError, OdooConfigError, OdooError } from '../../sync';
import { ConfigError } from '../config/till-config';
import { KeychainUnavailableError } from '../secrets/keychain-secret-store';
import { SettingsError } from '../settings-file';

export function toApiError(error: unknown): ApiError {
  const message = error instanceof Error ? redact(error.message) : 'Unexpected error';
  if (error instanceof CounterError) return { code: error.code, message };
  if (error instanceof MoneyError || error instanceof CloverInputError || error instanceof CardValidationError) return { code: 'BAD_INPUT', message };
  if (error instanceof LedgerUnavailableError) return { code: 'LEDGER_UNAVAILABLE', message };
  if (error instanceof LedgerRuleError) return { code: error.code === 'not_found' ? 'NOT_FOUND' : error.code === 'invalid_input' || error.code === 'pan_rejected' ? 'BAD_INPUT' : 'REFUSED', message };
  if (error instanceof ReauthorizeRequiredError) return { code: 'NOT_CONNECTED', message: 'Clover needs to be connected again (Settings → Connect Clover).' };
  if (error instanceof CredentialRejectedError) return { code: 'NOT_CONNECTED', message }; // says which credential to enter again
  if (error instanceof OAuthCallbackError || error instanceof OAuthExchangeError) return { code: 'NOT_CONNECTED', message };
  if (error instanceof TokenRefreshError) return { code: 'CLOVER_UNAVAILABLE', message: 'Clover could not be reached to renew the connection; try again.' };
  if (error instanceof CloverRequestError) return { code: error.kind === 'unauthorized' ? 'NOT_CONNECTED' : error.kind === 'not-found' ? 'NOT_FOUND' : 'CLOVER_UNAVAILABLE', message };
  if (error instanceof CloverNotSupportedError) return { code: 'NOT_SUPPORTED', message };
  if (error instanceof KeychainUnavailableError) return { code: 'KEYCHAIN_UNAVAILABLE', message };
  if (error instanceof OdooError) return { code: 'ERP_UNAVAILABLE', message };
  if (error instanceof ConfigError || error instanceof SettingsError || error instanceof CloverConfigError || error instanceof OdooConfigError) return { code: 'BAD_INPUT', message };
  return { code: 'INTERNAL', message: 'Something went wrong in the counter; the details are in its log.' };
}
