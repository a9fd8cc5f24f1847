import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The generated secret, shown this once: the server keeps only its hash. Closing the dialog forgets
 * it, so it never lingers in the page.
 */
export function SecretDialog({
  clientId,
  secret,
  onClose,
}: {
  clientId: string;
  secret: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const [isCopied, setIsCopied] = useState(false);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    field.current?.select();
    return () => element?.close();
  }, []);
  const copy = async () => {
    await navigator.clipboard?.writeText(secret).catch(() => undefined);
    setIsCopied(true);
  };
  return (
    <dialog
      ref={dialog}
      aria-labelledby="secret-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id="secret-dialog-title">{t('portal.clients.secretTitle')}</h2>
      <p>{t('portal.clients.secretOnce')}</p>
      <dl className="facts">
        <div>
          <dt>client_id</dt>
          <dd>
            <code data-testid="created-client-id">{clientId}</code>
          </dd>
        </div>
      </dl>
      <label className="field">
        client_secret
        <input ref={field} readOnly value={secret} data-testid="client-secret" className="secret" />
      </label>
      <div className="dialog-actions">
        <button type="button" onClick={() => void copy()}>
          {t('portal.clients.copy')}
        </button>
        <button type="button" className="primary" onClick={onClose}>
          {t('portal.clients.secretSaved')}
        </button>
      </div>
      <p role="status">{isCopied ? t('portal.clients.copied') : ''}</p>
    </dialog>
  );
}
