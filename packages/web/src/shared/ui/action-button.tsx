import type { ReactNode } from 'react';
import { ProblemMessage } from './problem-message';

/** What the button needs of a TanStack mutation that takes no input. */
interface Action {
  mutate: () => void;
  isPending: boolean;
  error: unknown;
}

/** The main action of a panel in one click, disabled while it runs, its refusal shown below. */
export function ActionButton({ action, children }: { action: Action; children: ReactNode }) {
  return (
    <>
      <button type="button" className="primary" onClick={() => action.mutate()} disabled={action.isPending}>
        {children}
      </button>
      <ProblemMessage error={action.error} />
    </>
  );
}
