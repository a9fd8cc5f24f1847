import type { ServiceRequestDetail } from '@fpr/contract';

/**
 * Version 1 of a contract as a starting point: the parties, and per requested scope its legal basis
 * and purpose, in Markdown. The reviewer edits it before publishing; the text is Latvian, as the contract is.
 */
export function contractTemplate(request: ServiceRequestDetail, organisationName: string): string {
  const scopes = request.scopes
    .map(
      (scope) =>
        `- **${scope.scope}**${scope.fields ? ` (${scope.fields.join(', ')})` : ''}: ${scope.legalBasis}. ${scope.purpose}`,
    )
    .join('\n');
  return [
    `# Līgums par datu saņemšanu no Fizisko personu reģistra`,
    '',
    `**Puses:** Pilsonības un migrācijas lietu pārvalde (PMLP) un ${organisationName || 'organizācija'}.`,
    '',
    `## 1. Priekšmets`,
    '',
    `PMLP nodrošina piekļuvi šādiem datiem (pieprasījums "${request.title}"):`,
    '',
    scopes,
    '',
    `## 2. Datu izmantošana`,
    '',
    'Datus drīkst izmantot tikai norādītajiem mērķiem; katrs pieprasījums tiek reģistrēts.',
    '',
    `## 3. Valsts nodeva`,
    '',
    'Par katru ražošanas vidē sniegto personu maksā valsts nodevu saskaņā ar spēkā esošo tarifu.',
    '',
  ].join('\n');
}
