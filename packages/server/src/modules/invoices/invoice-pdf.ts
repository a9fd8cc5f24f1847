import type { Invoice } from '@fpr/contract';
import { latvianMonth } from './billing-month';
import { formatEuro, formatRate, latvianDate, pmlpDetails, renderPdf, tableRow } from './billing-pdf';

const columns = [
  { key: 'position', x: 50, width: 20, align: 'left' },
  { key: 'description', x: 72, width: 190, align: 'left' },
  { key: 'quantity', x: 265, width: 35 },
  { key: 'unit', x: 302, width: 55 },
  { key: 'net', x: 359, width: 60 },
  { key: 'rate', x: 421, width: 30 },
  { key: 'vat', x: 453, width: 45 },
  { key: 'total', x: 500, width: 45 },
] as const;

type Cells = Record<(typeof columns)[number]['key'], string>;

function row(doc: PDFKit.PDFDocument, cells: Cells, isBold = false): void {
  tableRow(
    doc,
    columns.map((column) => ({
      text: cells[column.key],
      x: column.x,
      width: column.width,
      align: 'align' in column ? column.align : 'right',
    })),
    { isBold },
  );
}

/**
 * An invoice or credit note as an A4 PDF in Latvian: issuer and recipient, the lines with VAT per
 * line, the totals and the due date. It prints the stored invoice exactly, so PDF and JSON agree.
 */
export async function renderInvoicePdf(invoice: Invoice, creditedNumber?: string): Promise<Buffer> {
  const isCreditNote = invoice.kind === 'creditNote';
  const title = `${isCreditNote ? 'Kredītrēķins' : 'Rēķins'} Nr. ${invoice.number}`;
  return renderPdf(title, (doc) => {
    doc.font('bold').fontSize(17).text(title);
    doc.font('regular').fontSize(10).moveDown(0.5);
    doc.text(`Datums: ${latvianDate(invoice.issuedOn)}`);
    doc.text(`Apmaksas termiņš: ${latvianDate(invoice.dueOn)}`);
    doc.text(`Periods: ${latvianMonth(invoice.month)}`);
    if (isCreditNote) {
      doc.text(`Koriģē rēķinu Nr. ${creditedNumber ?? invoice.creditedInvoiceId}`);
      doc.text(`Pamatojums: ${invoice.reason ?? ''}`);
    }
    doc.moveDown(0.8).font('bold').text('Piegādātājs');
    doc.font('regular').text(pmlpDetails.name);
    doc.text(`Reģ. Nr. ${pmlpDetails.registrationNumber}`);
    doc.text(pmlpDetails.address);
    doc.moveDown(0.8).font('bold').text('Saņēmējs');
    doc.font('regular').text(invoice.organisation.name);
    doc.text(`Reģ. Nr. ${invoice.organisation.registrationNumber}`);
    doc.moveDown(1);
    row(
      doc,
      {
        position: 'Nr.',
        description: 'Pakalpojums',
        quantity: 'Daudz.',
        unit: 'Cena, EUR',
        net: 'Bez PVN, EUR',
        rate: 'PVN',
        vat: 'PVN, EUR',
        total: 'Kopā, EUR',
      },
      true,
    );
    for (const line of invoice.lines) {
      row(doc, {
        position: String(line.position),
        description: line.description,
        quantity: String(line.quantity),
        unit: formatEuro(line.unitPriceCents),
        net: formatEuro(line.netCents),
        rate: formatRate(line.vatRateBasisPoints),
        vat: formatEuro(line.vatCents),
        total: formatEuro(line.totalCents),
      });
    }
    doc.moveDown(1).font('regular').fontSize(10);
    doc.text(`Summa bez PVN: ${formatEuro(invoice.netCents)} EUR`, { align: 'right' });
    doc.text(`PVN: ${formatEuro(invoice.vatCents)} EUR`, { align: 'right' });
    doc
      .font('bold')
      .text(`${isCreditNote ? 'Kopā kreditēts' : 'Kopā apmaksai'}: ${formatEuro(invoice.totalCents)} EUR`, {
        align: 'right',
      });
    doc.moveDown(1.5).font('regular').fontSize(8).fillColor('#555555');
    doc.text(
      'PVN aprēķināts katrai rindai atsevišķi un noapaļots līdz centam. Maksājuma mērķī norādiet rēķina numuru. ' +
        'Rēķins sagatavots elektroniski un ir derīgs bez paraksta.',
    );
  });
}
