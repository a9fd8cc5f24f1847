import { loadFonts, numberPages, openPdfDocument } from '../audit/subject-report-pdf';

/** The issuer printed on every invoice and statement. */
export const pmlpDetails = {
  name: 'Pilsonības un migrācijas lietu pārvalde',
  registrationNumber: '90000054163',
  address: 'Čiekurkalna 1. līnija 1, k-3, Rīga, LV-1026',
} as const;

/** `1 234,56`: euro from cents as Latvian documents print them (never through a float). */
export function formatEuro(cents: number): string {
  const sign = cents < 0 ? '−' : '';
  const absolute = Math.abs(cents);
  const euros = String(Math.floor(absolute / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${sign}${euros},${String(absolute % 100).padStart(2, '0')}`;
}

/** `27.11.2026` from `2026-11-27`. */
export function latvianDate(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}.${month}.${year}`;
}

/** `21 %` from basis points. */
export function formatRate(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const rest = basisPoints % 100;
  return rest === 0 ? `${whole} %` : `${whole},${String(rest).padStart(2, '0')} %`;
}

/**
 * An A4 document with the DejaVu fonts (Latvian diacritics) registered as `regular` and `bold`;
 * `write` draws it, and the promise resolves to the finished, page-numbered PDF.
 */
export async function renderPdf(title: string, write: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const doc = await openPdfDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    info: { Title: title, Author: 'PMLP — FPR Online' },
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  write(doc);
  numberPages(doc);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** A row of cells at fixed x positions (right-aligned after the first), starting a new page when needed. */
export function tableRow(
  doc: PDFKit.PDFDocument,
  cells: ReadonlyArray<{ text: string; x: number; width: number; align?: 'left' | 'right' }>,
  options: { isBold?: boolean } = {},
): void {
  if (doc.y + 30 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const top = doc.y;
  doc
    .font(options.isBold ? 'bold' : 'regular')
    .fontSize(8.5)
    .fillColor('#000000');
  let bottom = top;
  for (const cell of cells) {
    doc.text(cell.text, cell.x, top, { width: cell.width, align: cell.align ?? 'right' });
    bottom = Math.max(bottom, doc.y);
  }
  doc.x = doc.page.margins.left;
  doc.y = bottom + 3;
}
