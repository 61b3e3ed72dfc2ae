// Printing a receipt on an OS printer: a hidden window renders the 80 mm HTML, then
// webContents.print with an EXPLICIT page size in microns (since Electron ~25 the default is
// A4, which breaks thermal printers: electron/electron#39670), no margins, not silent-blank.
import { BrowserWindow } from 'electron';

const PAGE_80MM = { width: 80_000, height: 297_000 }; // microns; thermal printers cut at content end

export async function printHtmlOnSystemPrinter(html: string, printerName: string): Promise<void> {
  const win = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, disableBlinkFeatures: 'Auxclick' },
  });
  try {
    await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    await new Promise<void>((resolve, reject) => {
      win.webContents.print(
        { silent: true, deviceName: printerName, printBackground: false, pageSize: PAGE_80MM, margins: { marginType: 'none' } },
        (success, reason) => (success ? resolve() : reject(new Error(reason || 'the printer refused the job'))),
      );
    });
  } finally {
    win.destroy();
  }
}
