import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { receiptEscPos } from '../../src/till/receipts/receipt-escpos';
import { receiptHtml } from '../../src/till/receipts/receipt-html';
import { receiptPdf } from '../../src/till/receipts/receipt-pdf';
import { PrinterError, sendToNetworkPrinter } from '../../src/till/receipts/network-printer';
import { sampleReceipt } from '../support/receipt-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'receipts-'));

function pdfText(pdf: Buffer): { info: string; text: string } {
  const file = join(dir, `r-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  if (info.status !== 0 || text.status !== 0) throw new Error(`poppler-utils failed: ${info.stderr}${text.stderr}`);
  return { info: info.stdout, text: text.stdout };
}

describe('receipts', () => {
  it('PDF is one 80 mm wide page with the sale on it', async () => {
    const { info, text } = pdfText(await receiptPdf(sampleReceipt()));
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
    expect(size, info).not.toBeNull();
    expect(Number(size![1]) / (72 / 25.4)).toBeCloseTo(80, 1); // width in mm
    expect(info).toMatch(/Pages:\s+1\b/);
    for (const s of ['Fusion Health Supply', 'SALE', 'INV/2026/00012', '$120.00', '$3.60', '$123.60', 'VISA', '**** 4242', '729168', '75MYGBEV8EM3Y']) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('COPY');
  });

  it('reprints say COPY, refunds say REFUND, training is watermarked', async () => {
    const copy = pdfText(await receiptPdf(sampleReceipt({ copy: true }))).text;
    expect(copy).toContain('*** COPY ***');
    const refund = pdfText(await receiptPdf(sampleReceipt({ kind: 'refund', surcharge: 0, total: 5000, amount: 5000, lines: [{ description: 'Refund', amount: 5000 }] }))).text;
    expect(refund).toContain('REFUND');
    expect(refund).toContain('-$50.00');
    const training = pdfText(await receiptPdf(sampleReceipt({ training: true }))).text;
    expect(training).toContain('TRAINING');
  });

  it('HTML is laid out for 80 mm paper and escapes its content', () => {
    const html = receiptHtml(sampleReceipt({ merchant: { name: '<script>x</script> Store' } }));
    expect(html).toContain('@page { size: 80mm auto; margin: 0 }');
    expect(html).not.toContain('<script>x');
    expect(html).toContain('&#60;script&#62;');
  });

  it('ESC/POS bytes reach a network printer over TCP intact', async () => {
    const received: Buffer[] = [];
    const server = createServer((socket) => socket.on('data', (d) => received.push(d)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const bytes = receiptEscPos(sampleReceipt({ copy: true }));
    await sendToNetworkPrinter(`tcp://127.0.0.1:${port}`, bytes);
    await new Promise((r) => setTimeout(r, 50));
    server.close();
    const all = Buffer.concat(received);
    expect(all.equals(Buffer.from(bytes))).toBe(true);
    expect([...all.subarray(0, 2)]).toEqual([0x1b, 0x40]); // ESC @ initialise
    expect(all.includes(Buffer.from([0x1d, 0x56]))).toBe(true); // GS V cut
    const text = all.toString('latin1');
    for (const s of ['*** COPY ***', 'Fusion Health Supply', '**** 4242', '75MYGBEV8EM3Y', 'TOTAL']) expect(text).toContain(s);
    for (const line of text.split('\n')) expect(line.replace(/[\x00-\x1f]|\x1b.|\x1d../g, '').length).toBeLessThanOrEqual(60);
  });

  it('reports the real printer failure', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    server.close();
    await new Promise((r) => setTimeout(r, 20));
    await expect(sendToNetworkPrinter(`tcp://127.0.0.1:${port}`, new Uint8Array([1]))).rejects.toThrow(/connection refused/);
    await expect(sendToNetworkPrinter('http://printer', new Uint8Array([1]))).rejects.toThrow(PrinterError);
  });
});
