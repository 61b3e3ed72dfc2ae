// Scrubs card numbers and credentials out of any text before it is logged or shown.
// Defence in depth: code should never pass a PAN or token to a logger in the first place.

const PAN_CANDIDATE = /\b(?:\d[ -]?){12,18}\d\b/g;
const BEARER = /\b(bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
const SECRET_FIELDS = /("?(?:access_token|refresh_token|code_verifier|apikey|apiAccessKey|api_key|client_secret|authorization|password|cvv|number|card_number|token)"?\s*[:=]\s*)("[^"]*"|[^\s,&}]+)/gi;

/** Luhn check over the digits of `text` (spaces and dashes ignored). */
export function luhnValid(text: string): boolean {
  const digits = text.replace(/[ -]/g, '');
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Cheap tests that rule the passes out: most log lines have neither 13 digits nor a word
// from BEARER or SECRET_FIELDS, and each full pattern costs a scan of the line (a line is
// logged on every webhook). Keep the word list in step with those two patterns.
const CREDENTIAL_WORD = /bearer|token|verifier|api|secret|authori|password|cvv|number/i;

/** True when some run of digits, single spaces and dashes holds 13 digits (PAN_CANDIDATE's shape). */
function hasThirteenDigitRun(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++run >= 13) return true;
    } else if (run > 0 && (c === 32 || c === 45)) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 48 && next <= 57)) run = 0; // a separator counts only between two digits
    } else run = 0;
  }
  return false;
}

export function redact(text: string): string {
  const maybePan = hasThirteenDigitRun(text);
  if (!maybePan && !CREDENTIAL_WORD.test(text)) return text;
  const panFree = maybePan
    ? text.replace(PAN_CANDIDATE, (m) => {
        const digits = m.replace(/[ -]/g, '');
        // Any 13-19 digit run could be a card, mistyped ones (bad Luhn) included: keep only
        // the last 4. Over-redacting a log line is harmless; leaking a PAN is not.
        return digits.length >= 13 && digits.length <= 19 ? `[PAN …${digits.slice(-4)}]` : m;
      })
    : text;
  return panFree.replace(BEARER, '$1 [REDACTED]').replace(SECRET_FIELDS, '$1[REDACTED]');
}
