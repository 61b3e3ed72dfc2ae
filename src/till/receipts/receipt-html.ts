// HTML for 80 mm thermal paper (and the PDF archive): a 72 mm printable body, no margins.
import { type Receipt, receiptRows } from './receipt-model';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function receiptHtml(receipt: Receipt): string {
  const body = receiptRows(receipt)
    .map((row) => {
      switch (row.type) {
        case 'center':
          return `<p class="c${row.bold ? ' b' : ''}${row.big ? ' big' : ''}">${esc(row.text)}</p>`;
        case 'pair':
          return `<p class="pair${row.bold ? ' b' : ''}"><span>${esc(row.left)}</span><span>${esc(row.right)}</span></p>`;
        case 'text':
          return `<p>${esc(row.text)}</p>`;
        case 'rule':
          return '<hr>';
      }
    })
    .join('\n');
  const watermark = receipt.training ? '<div class="wm" aria-hidden="true">TRAINING</div>' : '';
  return `<!doctype html>
<html lang="${esc(receipt.locale ?? 'en')}"><head><meta charset="utf-8"><title>Receipt ${esc(receipt.saleId)}</title>
<style>
@page { size: 80mm auto; margin: 0 }
html, body { margin: 0; padding: 0 }
body { width: 72mm; margin: 0 4mm; font: 10pt/1.3 ui-monospace, "DejaVu Sans Mono", monospace; color: #000; position: relative }
p { margin: 0 }
.c { text-align: center } .b { font-weight: bold } .big { font-size: 12pt }
.pair { display: flex; justify-content: space-between; gap: 2mm } .pair span:last-child { text-align: right; white-space: nowrap }
hr { border: 0; border-top: 1px dashed #000; margin: 1.5mm 0 }
.wm { position: absolute; inset: 30% 0 auto 0; text-align: center; font-size: 28pt; opacity: .15; transform: rotate(-30deg) }
</style></head>
<body>${watermark}
${body}
</body></html>`;
}
