import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { ProblemMessage } from '../../shared/ui/problem-message';
import { useMe } from './pdp-api';
import { answerMark, usePdp } from './pdp-state';
import { personName } from './person-name';
import { PersonSections } from './person-sections';

/** From the API's answer to the card in the document, before it is painted. */
export const cardMeasure = 'pdp:person-card';
/** From the API's answer to the card painted on screen (`npm run bench -- card` reads it). */
export const cardPaintedMeasure = 'pdp:person-card-painted';
const renderedMark = 'pdp:card-rendered';

/** The person on the card, reached through the app's state: no personal code in the URL. */
export function PersonCardPage() {
  const { t } = useTranslation();
  const pdp = usePdp();
  const me = useMe();
  const person = pdp.person;
  const heading = useRef<HTMLHeadingElement>(null);
  // A layout effect runs once the card is in the document, before the browser paints it; a passive
  // effect would also count whatever else the page does until the next idle moment.
  useLayoutEffect(() => {
    const [answer] = performance.getEntriesByName(answerMark, 'mark');
    if (!person || !answer) return;
    performance.mark(renderedMark);
    performance.measure(cardMeasure, answerMark, renderedMark);
    performance.clearMarks(answerMark);
    // The frame holding the card is painted before a task queued from its animation callback runs.
    requestAnimationFrame(() =>
      setTimeout(() => performance.measure(cardPaintedMeasure, { start: answer.startTime })),
    );
  }, [person]);
  // Each new person moves keyboard and screen-reader focus to the card's name.
  useLayoutEffect(() => {
    if (person) heading.current?.focus();
  }, [person]);
  if (!person) return <Navigate to="/pdp" replace />;
  const isCharged = (me.data?.feePerPersonCents ?? 0) > 0;
  return (
    <article aria-labelledby="card-title" className="person-card">
      <p>
        <Link to="/pdp">{t('pdp.card.back')}</Link>
      </p>
      <h1 id="card-title" ref={heading} tabIndex={-1}>
        {personName(person) ?? t('pdp.card.title')}
      </h1>
      <p className="card-summary">
        {t('pdp.card.personalCode')}: <strong>{person.personalCode}</strong> · {t('pdp.card.status')}:{' '}
        <span className={`badge status-${person.status}`}>{t(`personStatuses.${person.status}`)}</span>
      </p>
      <ProblemMessage error={pdp.lookupError} />
      <PersonSections
        person={person}
        onRelated={(related) => {
          // The purpose of the lookup that brought this person: related persons are looked up under it.
          const purpose = pdp.purpose;
          if (!purpose) return;
          pdp.requestLookup(
            {
              criteria: { type: 'byPersonalCode', personalCode: related.personalCode },
              context: { purpose, caseReference: pdp.caseReference },
              subject: `${related.givenNames} ${related.surname}`,
            },
            isCharged,
          );
        }}
      />
    </article>
  );
}
