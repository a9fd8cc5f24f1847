/**
 * Document and registry entry numbers. A counter walked through a multiplier coprime to the
 * number space gives numbers that look scattered yet never repeat (per prefix) until the space
 * is used up, and replay identically for the same population.
 */
const DOCUMENT_SPACE = 10_000_000;
const ENTRY_SPACE = 1_000_000;
const STRIDE = 7_919; // prime, coprime to every power of ten

export class SerialNumbers {
  private readonly documents = new Map<string, number>();
  private entries = 0;

  /** `PA1234567`: a document number with a type prefix (synthetic series). */
  document(prefix: string): string {
    const issued = this.documents.get(prefix) ?? 0;
    this.documents.set(prefix, issued + 1);
    return `${prefix}${String((issued * STRIDE + 104_729) % DOCUMENT_SPACE).padStart(7, '0')}`;
  }

  /** `2019-004512`: a civil registry entry number of the registration year. */
  entry(isoDate: string): string {
    this.entries += 1;
    return `${isoDate.slice(0, 4)}-${String((this.entries * STRIDE) % ENTRY_SPACE).padStart(6, '0')}`;
  }
}
