import type { ReactNode } from 'react';

/** One labelled fact of a `dl.facts` list; `testId` marks the value for the browser tests. */
export function Fact({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}
