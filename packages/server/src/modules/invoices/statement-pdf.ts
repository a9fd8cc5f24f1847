import type { Statement } from '@fpr/contract';
import { rigaDateTime } from '../audit/subject-report-pdf';
import { latvianMonth } from './billing-month';
import { formatEuro, pmlpDetails, renderPdf, tableRow } from './billing-pdf';

const kindNames: Record<string, string> = { topUp: 'Iemaksa', charge: 'Valsts nodeva', refund: 'Atmaksa' };

/** The monthly statement of the prepaid state fee as an A4 PDF in Latvian. */
export async function renderStatementPdf(statement: Statement): Promise<Buffer> {
  const title = `Valsts nodevas priekšapmaksas pārskats, ${latvianMonth(statement.month)}`;
  return renderPdf(title, (doc) => {
    doc.font('bold').fontSize(15).text(title);
    doc.font('regular').fontSize(10).moveDown(0.5);
    doc.text(`${pmlpDetails.name}, reģ. Nr. ${pmlpDetails.registrationNumber}`);
    doc.text(`Organizācija: ${statement.organisation.name}`);
    doc.moveDown(0.8);
    doc.text(`Atlikums mēneša sākumā: ${formatEuro(statement.openingBalanceCents)} EUR`);
    doc.text(`Iemaksas: ${formatEuro(statement.topUpsCents)} EUR`);
    doc.text(
      `Valsts nodeva (${statement.chargedPersons} personas): ${formatEuro(statement.chargesCents)} EUR`,
    );
    doc.text(`Atmaksas: ${formatEuro(statement.refundsCents)} EUR`);
    doc.font('bold').text(`Atlikums mēneša beigās: ${formatEuro(statement.closingBalanceCents)} EUR`);
    doc.moveDown(1);
    const header = ['Laiks', 'Darījums', 'Personas', 'Summa, EUR', 'Atlikums, EUR'];
    const xs = [50, 150, 300, 370, 460];
    const cells = (texts: string[]) =>
      texts.map((text, i) => ({
        text,
        x: xs[i] ?? 50,
        width: i < 2 ? 140 : 80,
        align: i < 2 ? ('left' as const) : ('right' as const),
      }));
    tableRow(doc, cells(header), { isBold: true });
    for (const entry of statement.entries) {
      tableRow(
        doc,
        cells([
          rigaDateTime(entry.at),
          kindNames[entry.kind] ?? entry.kind,
          entry.persons === null ? '' : String(entry.persons),
          formatEuro(entry.amountCents),
          formatEuro(entry.balanceAfterCents),
        ]),
      );
    }
    if (statement.entries.length === 0) doc.font('regular').text('Šajā mēnesī darījumu nav.');
    doc.moveDown(1.5).font('regular').fontSize(8).fillColor('#555555');
    doc.text('Valsts nodevai PVN nepiemēro. Laiks norādīts pēc Rīgas laika.');
  });
}
