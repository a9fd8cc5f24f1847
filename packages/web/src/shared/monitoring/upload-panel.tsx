import type { PurposeGrant, SubscriptionUploadResponse } from '@fpr/contract';

/** A purpose as the upload offers it. */
export type MonitoringPurposeChoice = Pick<PurposeGrant, 'id' | 'purpose'>;

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemMessage } from '../ui/problem-message';
import { type MonitoringEnvironment, monitoringApi, monitoringKeys } from './monitoring-api';
import { outcomeLabels } from './monitoring-labels';

/** A CSV of personal codes (one a line) under a purpose with monitoring; each line's outcome shown. */
export function UploadPanel({
  environment,
  purposes,
}: {
  environment: MonitoringEnvironment;
  purposes: MonitoringPurposeChoice[];
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fileId = useId();
  const [purposeId, setPurposeId] = useState(purposes[0]?.id ?? '');
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: async () => monitoringApi.upload(environment, purposeId, (await file?.text()) ?? ''),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: monitoringKeys.subscriptions(environment) }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    upload.mutate();
  };
  return (
    <div className="panel">
      <h2>{t('monitoring.upload')}</h2>
      <p className="hint">{t('monitoring.uploadHint')}</p>
      <form className="grid-form" onSubmit={submit}>
        <label>
          {t('monitoring.purpose')}
          <select required value={purposeId} onChange={(e) => setPurposeId(e.target.value)}>
            {purposes.map((purpose) => (
              <option key={purpose.id} value={purpose.id}>
                {purpose.purpose}
              </option>
            ))}
          </select>
        </label>
        <div>
          <label htmlFor={fileId}>{t('monitoring.file')}</label>
          <input
            id={fileId}
            type="file"
            accept=".csv,text/csv,text/plain"
            required
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <div>
          <button type="submit" disabled={upload.isPending || file === null || purposeId === ''}>
            {t('monitoring.uploadButton')}
          </button>
        </div>
      </form>
      <ProblemMessage error={upload.error} />
      {upload.data && <UploadResults results={upload.data.results} />}
    </div>
  );
}

function UploadResults({ results }: { results: SubscriptionUploadResponse['results'] }) {
  const { t } = useTranslation();
  return (
    <table data-testid="upload-results">
      <caption>{t('monitoring.results', { count: results.length })}</caption>
      <thead>
        <tr>
          <th scope="col" className="number">
            {t('monitoring.line')}
          </th>
          <th scope="col">{t('monitoring.personalCode')}</th>
          <th scope="col">{t('monitoring.outcome')}</th>
        </tr>
      </thead>
      <tbody>
        {results.map((result) => (
          <tr key={result.line}>
            <td className="number">{result.line}</td>
            <td>{result.personalCode}</td>
            <td className={`outcome-${result.outcome}`}>{t(outcomeLabels[result.outcome])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
