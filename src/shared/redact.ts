// Scrubs card numbers and credentials out of any text before it is logged or shown.
// Defence in depth: code should never pass a PAN or token to a logger in the first place.
import { CARD_LIKE, isCardSeparator, MAX_SEPARATOR_GAP } from './card-number';

export { luhnValid } from './card-number'; // its home moved; callers of redact's keep working

const BEARER = /\b(bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
const SECRET_FIELDS = /("?(?:access_token|refresh_token|code_verifier|apikey|apiAccessKey|api_key|client_secret|authorization|password|cvv|number|card_number|token)"?\s*[:=]\s*)("[^"]*"|[^\s,&}]+)/gi;

// Cheap tests that rule the passes out: most log lines have neither 13 digits nor a word
// from BEARER or SECRET_FIELDS, and each full pattern costs a scan of the line (a line is
// logged on every webhook). Keep the word list in step with those two patterns.
const CREDENTIAL_WORD = /bearer|token|verifier|api|secret|authori|password|cvv|number/i;

/** True when some run of digits and short separator gaps holds 13 digits (CARD_LIKE's shape). */
function hasThirteenDigitRun(text: string): boolean {
  let run = 0;
  let gap = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++run >= 13) return true;
      gap = 0;
    } else if (run > 0 && isCardSeparator(c)) {
      if (++gap > MAX_SEPARATOR_GAP) run = 0; // too wide: the next digit starts a new run
    } else run = 0;
  }
  return false;
}

export function redact(text: string): string {
  const maybePan = hasThirteenDigitRun(text);
  if (!maybePan && !CREDENTIAL_WORD.test(text)) return text;
  const panFree = maybePan
    ? text.replace(CARD_LIKE, (m) => {
        const digits = m.replace(/\D/g, '');
        // Any 13-19 digit run could be a card, mistyped ones (bad Luhn) included: keep only
        // the last 4. Over-redacting a log line is harmless; leaking a PAN is not. A longer
        // unbroken run is no card (a long id); a longer grouped one may hide a card in its groups.
        return digits.length > 19 && digits.length === m.length ? m : `[PAN …${digits.slice(-4)}]`;
      })
    : text;
  return panFree.replace(BEARER, '$1 [REDACTED]').replace(SECRET_FIELDS, '$1[REDACTED]');
}
