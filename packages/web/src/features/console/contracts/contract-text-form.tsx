import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemMessage } from '../../../shared/ui/problem-message';

interface ContractTextFormProps {
  text: string;
  onTextChange: (text: string) => void;
  onSubmit: () => void;
  submitLabel: string;
  canSubmit: boolean;
  /** The first draft is the panel's main action; a new version is not. */
  isPrimary?: boolean;
  error: unknown;
}

/** A contract's whole text in one field, sent as one version. */
export function ContractTextForm({
  text,
  onTextChange,
  onSubmit,
  submitLabel,
  canSubmit,
  isPrimary,
  error,
}: ContractTextFormProps) {
  const { t } = useTranslation();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="stacked wide" onSubmit={submit}>
      <label>
        {t('console.contract.text')}
        <textarea
          className="contract-text"
          required
          value={text}
          onChange={(event) => onTextChange(event.target.value)}
        />
      </label>
      <div>
        <button type="submit" className={isPrimary ? 'primary' : undefined} disabled={!canSubmit}>
          {submitLabel}
        </button>
      </div>
      <ProblemMessage error={error} />
    </form>
  );
}
