// ESC/POS bytes for network thermal printers, through a maintained encoder
// (@point-of-sale/receipt-printer-encoder): 48 columns on 80 mm paper (font A).
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { type Receipt, receiptRows } from './receipt-model';

export const ESC_POS_COLUMNS = 48;

export function receiptEscPos(receipt: Receipt, columns = ESC_POS_COLUMNS): Uint8Array {
  const enc = new ReceiptPrinterEncoder({ language: 'esc-pos', columns, feedBeforeCut: 4 }).initialize().codepage('auto');
  for (const row of receiptRows(receipt)) {
    switch (row.type) {
      case 'rule':
        enc.rule({ style: 'single' });
        break;
      case 'center':
        enc.align('center').bold(Boolean(row.bold));
        if (row.big) enc.size(2, 2).line(row.text).size(1, 1);
        else enc.line(row.text);
        enc.bold(false).align('left');
        break;
      case 'text':
        enc.line(row.text);
        break;
      case 'pair': {
        const right = row.right.slice(0, columns - 2);
        const left = row.left.slice(0, columns - right.length - 1);
        enc.bold(Boolean(row.bold)).line(left + ' '.repeat(columns - left.length - right.length) + right).bold(false);
        break;
      }
    }
  }
  return enc.cut('partial').encode();
}
