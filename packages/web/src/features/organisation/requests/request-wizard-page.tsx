import type { ServiceRequestDetail } from '@fpr/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useSession } from '../../../shared/auth/session';
import { msg } from '../../../shared/i18n/message';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import {
  type DraftProblem,
  draftOf,
  emptyDraft,
  type RequestDraft,
  stepProblems,
  toRequestInput,
  type WizardStep,
  wizardSteps,
} from './request-draft';
import { RequestSummary } from './request-summary';
import { requestQueryKey, requestsApi, requestsQueryKey } from './requests-api';
import { AccessStep, ContactsStep, ScopesStep, type StepProps, UsageStep } from './wizard-steps';

const stepLabels: Record<WizardStep, string> = {
  scopes: msg('portal.wizard.steps.scopes'),
  access: msg('portal.wizard.steps.access'),
  usage: msg('portal.wizard.steps.usage'),
  contacts: msg('portal.wizard.steps.contacts'),
  review: msg('portal.wizard.steps.review'),
};

/** A new request, or a saved draft when the address names one. */
export function RequestWizardPage() {
  const { t } = useTranslation();
  const { requestId } = useParams();
  const saved = useQuery({
    queryKey: requestQueryKey(requestId ?? ''),
    queryFn: () => requestsApi.read(requestId ?? ''),
    enabled: requestId !== undefined,
  });
  if (requestId === undefined) return <RequestWizard />;
  if (saved.isPending) return <p className="loading">{t('common.loading')}</p>;
  if (saved.isError) return <ProblemMessage error={saved.error} />;
  return <RequestWizard saved={saved.data} />;
}

/**
 * The motivated request step by step: each step is checked before the next, the last shows the whole
 * request, which is saved as a draft or submitted (submission starts PMLP's 30 working days).
 */
function RequestWizard({ saved }: { saved?: ServiceRequestDetail }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [draft, setDraft] = useState<RequestDraft>(() =>
    saved ? draftOf(saved) : emptyDraft({ name: user?.displayName ?? '' }),
  );
  const [stepIndex, setStepIndex] = useState(0);
  const [problems, setProblems] = useState<DraftProblem[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  const step = wizardSteps[stepIndex] ?? 'review';
  const send = useSend(saved?.id);

  // Each step starts with focus on its heading, so a screen reader announces where the user is.
  useEffect(() => {
    if (stepIndex > 0) heading.current?.focus();
  }, [stepIndex]);

  const change = (next: RequestDraft) => {
    setDraft(next);
    if (problems.length > 0) setProblems(stepProblems(next, step));
  };
  const next = (event: FormEvent) => {
    event.preventDefault();
    const found = stepProblems(draft, step);
    setProblems(found);
    if (found.length > 0) return;
    setStepIndex((index) => Math.min(index + 1, wizardSteps.length - 1));
  };
  const back = () => {
    setProblems([]);
    setStepIndex((index) => Math.max(index - 1, 0));
  };
  const stepProps: StepProps = { draft, change, problems };
  return (
    <section aria-labelledby="wizard-title" className="wizard">
      <h1 id="wizard-title">{saved ? t('portal.wizard.editTitle') : t('portal.wizard.newTitle')}</h1>
      <ol className="steps" aria-label={t('portal.wizard.progress')}>
        {wizardSteps.map((name, index) => (
          <li key={name} aria-current={index === stepIndex ? 'step' : undefined}>
            {index + 1}. {t(stepLabels[name])}
          </li>
        ))}
      </ol>
      <form onSubmit={next} noValidate>
        <h2 ref={heading} tabIndex={-1}>
          {t(stepLabels[step])}
        </h2>
        {problems.length > 0 && <ProblemSummary problems={problems} />}
        {step === 'scopes' && <ScopesStep {...stepProps} />}
        {step === 'access' && <AccessStep {...stepProps} />}
        {step === 'usage' && <UsageStep {...stepProps} />}
        {step === 'contacts' && <ContactsStep {...stepProps} />}
        {step === 'review' && <RequestSummary request={toRequestInput(draft)} />}
        <ProblemMessage error={send.error} />
        <div className="wizard-actions">
          {stepIndex > 0 && (
            <button type="button" onClick={back}>
              {t('portal.wizard.back')}
            </button>
          )}
          {step === 'review' ? (
            <>
              <button
                type="button"
                disabled={send.isPending}
                onClick={() => send.mutate({ draft, submit: false })}
              >
                {t('portal.wizard.saveDraft')}
              </button>
              <button
                type="button"
                className="primary"
                disabled={send.isPending}
                onClick={() => send.mutate({ draft, submit: true })}
              >
                {t('portal.wizard.submit')}
              </button>
            </>
          ) : (
            <button type="submit" className="primary">
              {t('portal.wizard.next')}
            </button>
          )}
        </div>
        {step === 'review' && <p className="hint">{t('portal.wizard.submitHint')}</p>}
      </form>
    </section>
  );
}

/** Saves the draft (created once, replaced after) and, when asked, submits it; then shows the request. */
function useSend(savedId: string | undefined) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const createdId = useRef(savedId);
  return useMutation({
    mutationFn: async ({ draft, submit }: { draft: RequestDraft; submit: boolean }) => {
      const input = toRequestInput(draft);
      const draftId = createdId.current;
      const stored = draftId ? await requestsApi.update(draftId, input) : await requestsApi.create(input);
      createdId.current = stored.id;
      return submit ? requestsApi.submit(stored.id) : stored;
    },
    onSuccess: async (request) => {
      queryClient.setQueryData(requestQueryKey(request.id), request);
      await queryClient.invalidateQueries({ queryKey: requestsQueryKey });
      navigate(`/organisation/requests/${request.id}`);
    },
  });
}

/** The problems of a step, each a link to its input; announced when it appears. */
function ProblemSummary({ problems }: { problems: DraftProblem[] }) {
  const { t } = useTranslation();
  return (
    <div className="problem" role="alert">
      <p>{t('portal.wizard.fixProblems')}</p>
      <ul>
        {problems.map((problem) => (
          <li key={`${problem.inputId}:${problem.message}`}>
            <a href={`#${problem.inputId}`}>{t(problem.message)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
