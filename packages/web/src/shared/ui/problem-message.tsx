import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client';

/** A refusal or failure in words the user can act on; never the raw server text alone. */
export function ProblemMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  const problem = error instanceof ApiProblem ? error : undefined;
  const code = problem?.code ?? 'serverError';
  return (
    <div className="problem" role="alert">
      <p>{t(`problems.${code}`)}</p>
      {problem && problem.invalidParams.length > 0 && (
        <ul>
          {problem.invalidParams.map((param) => (
            <li key={`${param.name}:${param.code}`}>
              {param.name}: {param.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
