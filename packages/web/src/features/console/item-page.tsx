import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { QueryState } from './console-ui';

interface ItemPageProps {
  /** The heading's id, which names the page's section. */
  titleId: string;
  title: string;
  backTo: string;
  backLabel: string;
  query: { isPending: boolean; error: unknown };
  children: ReactNode;
}

/** A console page about one thing: the way back to its list, its title, then its loading state. */
export function ItemPage({ titleId, title, backTo, backLabel, query, children }: ItemPageProps) {
  return (
    <section aria-labelledby={titleId}>
      <p>
        <Link to={backTo}>{backLabel}</Link>
      </p>
      <h1 id={titleId}>{title}</h1>
      <QueryState query={query} />
      {children}
    </section>
  );
}
