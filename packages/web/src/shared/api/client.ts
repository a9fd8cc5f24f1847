import type { InvalidParam, ProblemCode } from '@fpr/contract';

/** The RFC 9457 problem the API answers with, as a thrown error the screens can read. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: ProblemCode | 'network';
  readonly detail: string;
  readonly invalidParams: readonly InvalidParam[];
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(status: number, body: Partial<ProblemBody>) {
    super(body.detail ?? body.title ?? `HTTP ${status}`);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = status === 0 ? 'network' : (body.code ?? 'serverError');
    this.detail = body.detail ?? '';
    this.invalidParams = body.invalidParams ?? [];
    this.extensions = body;
  }
}

interface ProblemBody {
  code: ProblemCode;
  title: string;
  detail: string;
  invalidParams: InvalidParam[];
}

export interface RequestOptions {
  body?: unknown;
  /** A body sent as it is (a CSV file) instead of JSON. */
  text?: { content: string; contentType: string };
  query?: Record<string, string | number | undefined>;
  idempotencyKey?: string;
  /** False for the log-in itself: its 401 means wrong credentials, not an ended session. */
  isSessionCall?: boolean;
}

type SessionListener = {
  /** Any answer from the server: the session's idle clock restarts. */
  onActivity: () => void;
  /** The server no longer knows the session (expired, logged out elsewhere). */
  onSessionEnded: () => void;
};

let listener: SessionListener = { onActivity: () => {}, onSessionEnded: () => {} };

export function setSessionListener(next: SessionListener): void {
  listener = next;
}

/** The CSRF token the server set at log-in, echoed on every state-changing call. */
function csrfToken(): string | undefined {
  const match = document.cookie.match(/(?:^|;\s*)fpr_csrf=([^;]+)/);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

function urlOf(path: string, query: RequestOptions['query']): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {}))
    if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}

function headersOf(method: string, options: RequestOptions): Headers {
  const headers = new Headers({ accept: 'application/json' });
  if (options.body !== undefined) headers.set('content-type', 'application/json');
  if (options.text !== undefined) headers.set('content-type', options.text.contentType);
  if (options.idempotencyKey) headers.set('idempotency-key', options.idempotencyKey);
  const csrf = method === 'GET' ? undefined : csrfToken();
  if (csrf) headers.set('x-csrf-token', csrf);
  return headers;
}

function bodyOf(options: RequestOptions): string | undefined {
  if (options.text !== undefined) return options.text.content;
  return options.body === undefined ? undefined : JSON.stringify(options.body);
}

/** One call to the API; resolves with the JSON body or rejects with an `ApiProblem`. */
export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method,
      headers: headersOf(method, options),
      body: bodyOf(options),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiProblem(0, {});
  }
  listener.onActivity();
  if (response.status === 204) return null as T;
  const body: unknown = await response.json().catch(() => ({}));
  if (response.ok) return body as T;
  const problem = new ApiProblem(response.status, body as Partial<ProblemBody>);
  if (response.status === 401 && options.isSessionCall !== false) listener.onSessionEnded();
  throw problem;
}

/** A call answered with a file (a PDF): resolves with its bytes or rejects with an `ApiProblem`. */
export async function apiFileRequest(
  method: string,
  path: string,
  accept: string,
  options: RequestOptions = {},
): Promise<Blob> {
  const headers = headersOf(method, options);
  headers.set('accept', `${accept}, application/problem+json`);
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiProblem(0, {});
  }
  listener.onActivity();
  if (response.ok) return response.blob();
  const body: unknown = await response.json().catch(() => ({}));
  if (response.status === 401) listener.onSessionEnded();
  throw new ApiProblem(response.status, body as Partial<ProblemBody>);
}
