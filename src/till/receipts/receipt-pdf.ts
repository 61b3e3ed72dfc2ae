// PDF receipts for archives and the CLI (`counter receipt --pdf`): one 80 mm wide page whose
// height fits the content, drawn with pdfkit (no browser needed).
import PDFDocument from 'pdfkit';
import { type Receipt, receiptRows } from './receipt-model';

const MM = 72 / 25.4; // points per millimetre
export const RECEIPT_PAGE_WIDTH_PT = 80 * MM;
const MARGIN = 4 * MM;
const LINE = 12;

export async function receiptPdf(receipt: Receipt): Promise<Buffer> {
  const rows = receiptRows(receipt);
  const height = MARGIN * 2 + rows.reduce((h, r) => h + (r.type === 'rule' ? LINE / 2 : r.type === 'center' && r.big ? LINE * 1.3 : LINE), 0);
  const doc = new PDFDocument({ size: [RECEIPT_PAGE_WIDTH_PT, Math.ceil(height)], margin: MARGIN, info: { Title: `Receipt ${receipt.saleId}`, Producer: 'Fusion Clover Counter' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = RECEIPT_PAGE_WIDTH_PT - MARGIN * 2;
  let y = MARGIN;
  for (const row of rows) {
    if (row.type === 'rule') {
      doc.moveTo(MARGIN, y + LINE / 4).lineTo(MARGIN + width, y + LINE / 4).dash(2, { space: 2 }).stroke().undash();
      y += LINE / 2;
      continue;
    }
    const bold = 'bold' in row && row.bold;
    doc.font(bold ? 'Courier-Bold' : 'Courier').fontSize(row.type === 'center' && row.big ? 10 : 8);
    if (row.type === 'center') doc.text(row.text, MARGIN, y, { width, align: 'center', lineBreak: false });
    else if (row.type === 'text') doc.text(row.text, MARGIN, y, { width, lineBreak: false });
    else {
      doc.text(row.left, MARGIN, y, { width: width * 0.6, lineBreak: false, ellipsis: true });
      doc.text(row.right, MARGIN, y, { width, align: 'right', lineBreak: false });
    }
    y += row.type === 'center' && row.big ? LINE * 1.3 : LINE;
  }
  if (receipt.training) {
    doc.save().rotate(-30, { origin: [RECEIPT_PAGE_WIDTH_PT / 2, height / 2] }).font('Courier-Bold').fontSize(28).fillOpacity(0.15)
      .text('TRAINING', 0, height / 2 - 14, { width: RECEIPT_PAGE_WIDTH_PT, align: 'center', lineBreak: false }).restore();
  }
  doc.end();
  return done;
}
