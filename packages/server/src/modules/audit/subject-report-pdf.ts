import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { SubjectReport, SubjectReportDelivery } from '@fpr/contract';

// The PDF's standard fonts cannot draw ā, ē, ģ, ķ, ļ, ņ, š, ž: embed DejaVu, shipped as an npm package.
const fontFile = (name: string) => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`);
let fonts: { regular: Buffer; bold: Buffer } | undefined;

/**
 * pdfkit and its font metrics take about 5 MB of heap: loaded at the first PDF, not at start, so a
 * server that never renders one never holds them.
 */
export async function openPdfDocument(options: PDFKit.PDFDocumentOptions): Promise<PDFKit.PDFDocument> {
  const { default: PDFDocument } = await import('pdfkit');
  return new PDFDocument(options);
}

export function loadFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(fontFile('DejaVuSans.ttf')),
    bold: readFileSync(fontFile('DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

const rigaParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Riga',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `27.11.2026 12:00`, Rīga time, as Latvian documents print it. */
export function rigaDateTime(instant: string): string {
  const parts = Object.fromEntries(
    rigaParts.formatToParts(new Date(instant)).map((part) => [part.type, part.value]),
  );
  return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}`;
}

const environmentNames = { production: 'produkcijas vide', test: 'testa vide' } as const;

/**
 * The data-subject report as an A4 PDF in Latvian: who received the person's data, when, which
 * fields and for which purpose. It prints exactly the JSON report, so both answers always agree.
 */
export async function renderSubjectReportPdf(report: SubjectReport): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const doc = await openPdfDocument({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    info: { Title: 'Ziņas par personas datu izsniegšanu', Author: 'PMLP — FPR Online' },
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  writeHeader(doc, report);
  for (const delivery of report.deliveries) writeDelivery(doc, delivery);
  writeClosing(doc, report);
  numberPages(doc);
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function writeHeader(doc: PDFKit.PDFDocument, report: SubjectReport): void {
  doc.font('regular').fontSize(9).fillColor('#555555');
  doc.text('Pilsonības un migrācijas lietu pārvalde — Fizisko personu reģistrs (FPR Online)');
  doc.moveDown(0.8).font('bold').fontSize(17).fillColor('#000000');
  doc.text('Ziņas par personas datu izsniegšanu');
  doc.font('regular').fontSize(9).fillColor('#555555').text('Report on the disclosure of personal data');
  doc.moveDown(0.8).fontSize(11).fillColor('#000000');
  doc.text(`Personas kods: ${report.personalCode}`);
  doc.text(`Vide: ${environmentNames[report.environment]}`);
  doc.text(`Sagatavots: ${rigaDateTime(report.generatedAt)} (Rīgas laiks)`);
  doc.text(
    `Izsniegšanas reižu skaits: ${report.deliveries.length}${report.isTruncated ? ' (jaunākās)' : ''}`,
  );
  doc.moveDown(1);
}

function writeDelivery(doc: PDFKit.PDFDocument, delivery: SubjectReportDelivery): void {
  const { organisation, purpose } = delivery;
  keepTogether(doc, 70);
  doc.font('bold').fontSize(11).fillColor('#000000');
  doc.text(
    `${rigaDateTime(delivery.occurredAt)} — ${organisation.name} (reģ. nr. ${organisation.registrationNumber})`,
  );
  doc.font('regular').fontSize(10);
  doc.text(`Tiesiskais pamats: ${purpose.legalBasis}`, { indent: 12 });
  doc.text(`Mērķis: ${purpose.purpose}`, { indent: 12 });
  doc.text(`Izsniegtie dati: ${delivery.fields.join(', ')}`, { indent: 12 });
  doc.moveDown(0.7);
}

/** Starts a new page unless `height` points fit, so one delivery is not split across pages. */
function keepTogether(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function writeClosing(doc: PDFKit.PDFDocument, report: SubjectReport): void {
  doc.font('regular').fontSize(10).fillColor('#000000');
  if (report.deliveries.length === 0) doc.text('Ziņu par šīs personas datu izsniegšanu nav.');
  if (report.isTruncated)
    doc.text('Parādītas tikai jaunākās izsniegšanas reizes; pilnu sarakstu var pieprasīt PMLP.');
  doc.moveDown(1).fontSize(8).fillColor('#555555');
  doc.text(
    'Ziņas par izsniegšanu slepenas darbības vajadzībām tiek parādītas no to atklāšanas dienas. ' +
      'Details of disclosures for covert purposes are shown from their disclosure date.',
  );
}

export function numberPages(doc: PDFKit.PDFDocument): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    // Inside the bottom margin, so writing the number never adds a page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#555555')
      .text(`Lapa ${index + 1} no ${range.count}`, 50, doc.page.height - 35, {
        width: doc.page.width - 100,
        align: 'right',
      });
    doc.page.margins.bottom = bottom;
  }
}
