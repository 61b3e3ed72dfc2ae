// Reading Clover's error bodies. REST Pay answers `{message, type|code}`, Ecommerce
// `{"error":{type,code,message,param,decline_code}}` or a bare `{message}` (D8), OAuth a bare
// `{message}` (D21). Messages are redacted and shortened: they end up in results and logs.
import { redact } from '../../shared/redact';

export interface ErrorInfo {
  message?: string;
  code?: string;
  type?: string;
  param?: string;
  declineCode?: string;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function errorInfo(json: unknown): ErrorInfo {
  if (!isRecord(json)) return {};
  const inner = isRecord(json.error) ? json.error : json;
  const message = str(inner.message) ?? str(json.message) ?? str(inner.description) ?? str(json.error);
  const info: ErrorInfo = {};
  if (message) info.message = safeText(message);
  const code = str(inner.code) ?? str(json.code);
  if (code) info.code = safeText(code, 60);
  const type = str(inner.type) ?? str(json.type);
  if (type) info.type = safeText(type, 60);
  const param = str(inner.param);
  if (param) info.param = safeText(param, 60);
  const declineCode = str(inner.decline_code);
  if (declineCode) info.declineCode = safeText(declineCode, 60);
  return info;
}

/** Redacted and bounded, so a server echo of a card or token can never leak through us. */
export function safeText(text: string, max = 300): string {
  const clean = redact(text).replace(/[\r\n\t]+/g, ' ');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
