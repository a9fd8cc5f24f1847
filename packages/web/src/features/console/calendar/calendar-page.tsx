import type { CalendarOverrideKind } from '@fpr/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../shared/format/format';
import { ProblemMessage } from '../../../shared/ui/problem-message';
import { consoleApi, consoleKeys } from '../console-api';
import { QueryState, useHasRole } from '../console-ui';

/** Days moved by Cabinet orders; deadlines of open requests follow every change. */
export function CalendarPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const overrides = useQuery({ queryKey: consoleKeys.calendar, queryFn: consoleApi.overrides });
  const isAdministrator = useHasRole('administrator');
  const remove = useMutation({
    mutationFn: consoleApi.removeOverride,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: consoleKeys.calendar }),
  });
  return (
    <section aria-labelledby="calendar-title">
      <h1 id="calendar-title">{t('console.calendar.title')}</h1>
      <p>{t('console.calendar.help')}</p>
      <QueryState query={overrides} />
      {overrides.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('console.calendar.day')}</th>
              <th scope="col">{t('console.calendar.kind')}</th>
              <th scope="col">{t('console.common.note')}</th>
              {isAdministrator && <th scope="col">{t('console.common.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {overrides.data.overrides.map((override) => (
              <tr key={override.day}>
                <td>{formatDate(override.day)}</td>
                <td>{t(`console.calendarKinds.${override.kind}`)}</td>
                <td>{override.note}</td>
                {isAdministrator && (
                  <td>
                    <button
                      type="button"
                      onClick={() => remove.mutate(override.day)}
                      disabled={remove.isPending}
                    >
                      {t('console.calendar.remove', { day: formatDate(override.day) })}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ProblemMessage error={remove.error} />
      {isAdministrator && <OverrideForm />}
    </section>
  );
}

function OverrideForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [day, setDay] = useState('');
  const [kind, setKind] = useState<CalendarOverrideKind>('holiday');
  const [note, setNote] = useState('');
  const set = useMutation({
    mutationFn: () => consoleApi.setOverride(day, { kind, note }),
    onSuccess: async () => {
      setDay('');
      setNote('');
      await queryClient.invalidateQueries({ queryKey: consoleKeys.calendar });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    set.mutate();
  };
  return (
    <div className="panel">
      <h2>{t('console.calendar.set')}</h2>
      <form className="grid-form" onSubmit={submit}>
        <label>
          {t('console.calendar.day')}
          <input type="date" required value={day} onChange={(e) => setDay(e.target.value)} />
        </label>
        <label>
          {t('console.calendar.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as CalendarOverrideKind)}>
            <option value="holiday">{t('console.calendarKinds.holiday')}</option>
            <option value="workingDay">{t('console.calendarKinds.workingDay')}</option>
          </select>
        </label>
        <label>
          {t('console.calendar.order')}
          <input
            required
            minLength={3}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        <div>
          <button type="submit" disabled={set.isPending}>
            {t('console.calendar.save')}
          </button>
        </div>
      </form>
      <ProblemMessage error={set.error} />
    </div>
  );
}
