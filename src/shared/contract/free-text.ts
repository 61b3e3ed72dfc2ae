// Text a person types into the till (a reason, a manager's name, a terminal's name). A card
// number typed there is refused at the door with a clear message, before anything is written;
// the ledger's own guard would refuse it later, but only after the money call was made.
import { z } from 'zod';
import { containsPan } from '../card-number';

export const CARD_NUMBER_REFUSED = 'looks like a card number: card numbers are never written down here';

/** A trimmed string of `min`..`max` characters that does not hold a card number. */
export function freeText(min: number, max: number) {
  return z.string().trim().min(min).max(max).refine((text) => !containsPan(text), CARD_NUMBER_REFUSED);
}
