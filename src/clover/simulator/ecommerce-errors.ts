// The Ecommerce error envelope (§5.3, D8): {"error":{type, code, message, param}}.
import { json, type SimResponse } from './http-io';

export function ecomError(status: number, type: string, code: string, message: string, extra: Record<string, unknown> = {}): SimResponse {
  return json(status, { error: { type, code, message, ...extra } });
}

export const ECOM_UNAUTHORIZED = ecomError(401, 'authentication_error', 'invalid_request', '401 Unauthorized');
export const ECOM_UNSUPPORTED_TYPE = ecomError(415, 'invalid_request_error', 'invalid_request', 'Content-Type must be application/json');
export const ECOM_INVALID_JSON = ecomError(400, 'invalid_request_error', 'invalid_request', 'Invalid JSON format');

export function ecomInvalid(message: string, param?: string, code = 'invalid_request'): SimResponse {
  return ecomError(400, 'invalid_request_error', code, message, param ? { param } : {});
}
