import type { Invoice } from '@fpr/contract';
import { useMutation } from '@tanstack/react-query';
import { saveFile } from '../api/save-file';

/** Downloads an invoice's PDF under its number; the mutation's error is the refusal to show. */
export function useInvoicePdf(download: (invoiceId: string) => Promise<Blob>) {
  return useMutation({
    mutationFn: async (invoice: Invoice) => saveFile(await download(invoice.id), `${invoice.number}.pdf`),
  });
}
