import { formatDateTime } from '../../shared/format/format';

/** One message of a conversation between PMLP and an organisation. */
export interface Message {
  id: string;
  /** `pmlp` or `organisation`: PMLP's messages are marked. */
  side: string;
  /** Who wrote it, as the list shows it. */
  by: string;
  at: string;
  body: string;
}

/** A conversation, oldest first; `empty` is said when there is none yet. */
export function MessageList({ messages, empty }: { messages: Message[]; empty: string }) {
  if (messages.length === 0) return <p>{empty}</p>;
  return (
    <ul className="messages">
      {messages.map((message) => (
        <li key={message.id} className={message.side}>
          <div className="meta">
            {message.by} · {formatDateTime(message.at)}
          </div>
          <div>{message.body}</div>
        </li>
      ))}
    </ul>
  );
}
