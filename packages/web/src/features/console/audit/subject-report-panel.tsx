import type { Environment, SubjectReportRequest } from '@fpr/contract';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { consoleApi } from '../console-api';

/** Saves the PDF under a name without the personal code: downloads folders are shared and synced. */
function savePdf(blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = 'datu-subjekta-parskats.pdf';
  link.click();
  URL.revokeObjectURL(url);
}

/** The report a data subject is entitled to: as JSON to check here, and as the PDF handed to them. */
export function SubjectReportPanel() {
  const { t } = useTranslation();
  const [personalCode, setPersonalCode] = useState('');
  const [environment, setEnvironment] = useState<Environment>('production');
  const body: SubjectReportRequest = { personalCode, environment };
  const report = useMutation({ mutationFn: () => consoleApi.subjectReport(body) });
  const pdf = useMutation({ mutationFn: () => consoleApi.subjectReportPdf(body), onSuccess: savePdf });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    report.mutate();
  };
  const titleId = useId();
  return (
    <div className="panel">
      <h2 id={titleId}>{t('console.audit.subjectReport')}</h2>
      <form className="toolbar" onSubmit={submit} aria-labelledby={titleId}>
        <label>
          {t('console.common.personalCode')}
          <input
            required
            autoComplete="off"
            pattern="\d{6}-?\d{5}"
            value={personalCode}
            onChange={(e) => setPersonalCode(e.target.value)}
          />
        </label>
        <label>
          {t('console.connections.environment')}
          <select value={environment} onChange={(e) => setEnvironment(e.target.value as Environment)}>
            <option value="production">{t('environments.production')}</option>
            <option value="test">{t('environments.test')}</option>
          </select>
        </label>
        <button type="submit" className="primary" disabled={report.isPending}>
          {t('console.audit.showReport')}
        </button>
        <button type="button" disabled={pdf.isPending || personalCode === ''} onClick={() => pdf.mutate()}>
          {t('console.audit.downloadPdf')}
        </button>
      </form>
      <ProblemMessage error={report.error ?? pdf.error} />
      {report.data && (
        <>
          <p>{t('console.audit.deliveries', { deliveries: report.data.deliveries.length })}</p>
          <pre className="json" data-testid="subject-report-json">
            {JSON.stringify(report.data, null, 2)}
          </pre>
        </>
      )}
    </div>
  );
}
