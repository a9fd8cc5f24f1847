import net from 'node:net';

/**
 * The open-loop generator's HTTP client: keep-alive HTTP/1.1 connections, one request at a time on
 * each, answers framed by `content-length` (what the API and the test receivers send). It exists
 * because the generator shares the two cores with the server and PostgreSQL: `node:http`'s client
 * cost the generator 0.37–0.51 ms of CPU per request at 650 requests/s and undici's `Pool` as much,
 * this one 0.18–0.25 ms, measured in alternating rounds against one server. A body is counted, not
 * parsed, like autocannon's and pgbench's clients do.
 */

export interface PostConnections {
  /** Resolves true for a 2xx answer read to its end, false for anything else; never rejects. */
  post: (body: string) => Promise<boolean>;
  close: () => void;
}

interface Exchange {
  body: string;
  settle: (isOk: boolean) => void;
}

const headerEnd = Buffer.from('\r\n\r\n');

export function openPostConnections(
  url: string,
  headers: Record<string, string>,
  options: { connections: number; timeoutMs: number },
): PostConnections {
  const target = new URL(url);
  if (target.protocol !== 'http:') throw new Error(`only http:// targets, not ${target.protocol}`);
  const host = target.hostname;
  const port = Number(target.port || 80);
  const head = [
    `POST ${target.pathname}${target.search} HTTP/1.1`,
    `host: ${target.host}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');
  const waiting: Exchange[] = [];
  const idle: Connection[] = [];
  let open = 0;
  let isClosed = false;

  class Connection {
    private readonly socket: net.Socket;
    private exchange: Exchange | null = null;
    /** The answer's first bytes until its head is complete; the body is only counted. */
    private head: Buffer | null = null;
    private receivedBytes = 0;
    /** Bytes of the whole answer (head and body) once its head is read; -1 before. */
    private answerBytes = -1;
    private status = 0;
    private isKeptAlive = true;
    private timer: NodeJS.Timeout | undefined;
    private isGone = false;

    constructor() {
      open += 1;
      this.socket = net.connect({ host, port, noDelay: true });
      this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
      this.socket.on('error', () => this.drop());
      this.socket.on('close', () => this.drop());
    }

    send(exchange: Exchange): void {
      this.exchange = exchange;
      this.head = null;
      this.receivedBytes = 0;
      this.answerBytes = -1;
      this.timer = setTimeout(() => this.drop(), options.timeoutMs);
      this.socket.write(
        `${head}\r\ncontent-length: ${Buffer.byteLength(exchange.body)}\r\n\r\n${exchange.body}`,
      );
    }

    destroy(): void {
      this.socket.destroy();
    }

    private onData(chunk: Buffer): void {
      if (!this.exchange) {
        this.drop();
        return;
      }
      this.receivedBytes += chunk.length;
      if (this.answerBytes < 0 && !this.readHead(chunk)) return;
      if (this.receivedBytes < this.answerBytes) return;
      // More than the answer: the server sent what was not asked for, so the framing is lost.
      if (this.receivedBytes > this.answerBytes || !this.isKeptAlive) {
        this.drop(this.isOk());
        return;
      }
      const exchange = this.exchange;
      this.exchange = null;
      clearTimeout(this.timer);
      exchange.settle(this.isOk());
      this.next();
    }

    /** Reads the status and framing once the head is in; false while it is incomplete or unusable. */
    private readHead(chunk: Buffer): boolean {
      const bytes = this.head ? Buffer.concat([this.head, chunk]) : chunk;
      this.head = bytes;
      const end = bytes.indexOf(headerEnd);
      if (end < 0) return false;
      const text = bytes.toString('latin1', 0, end);
      const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(text);
      // Chunked or close-delimited answers are not what the API sends: the request fails.
      if (!text.startsWith('HTTP/1.1 ') || !length?.[1]) {
        this.drop();
        return false;
      }
      this.status = Number(text.slice(9, 12));
      this.isKeptAlive = !/\r\nconnection:[ \t]*close/i.test(text);
      this.answerBytes = end + headerEnd.length + Number(length[1]);
      return true;
    }

    private isOk(): boolean {
      return this.status >= 200 && this.status < 300;
    }

    private next(): void {
      const exchange = waiting.shift();
      if (exchange) this.send(exchange);
      else idle.push(this);
    }

    /** Ends the connection; its request in flight, if any, settles with `isOk`, false by default. */
    private drop(isOk = false): void {
      if (this.isGone) return;
      this.isGone = true;
      open -= 1;
      clearTimeout(this.timer);
      this.socket.destroy();
      const index = idle.indexOf(this);
      if (index >= 0) idle.splice(index, 1);
      const exchange = this.exchange;
      this.exchange = null;
      exchange?.settle(isOk);
      // A request that was waiting for a connection takes a new one in this one's place.
      const next = isClosed ? undefined : waiting.shift();
      if (next) new Connection().send(next);
    }
  }

  return {
    post: (body) =>
      new Promise<boolean>((settle) => {
        if (isClosed) return settle(false);
        const exchange = { body, settle };
        const connection = idle.pop() ?? (open < options.connections ? new Connection() : undefined);
        if (connection) connection.send(exchange);
        else waiting.push(exchange);
      }),
    close: () => {
      isClosed = true;
      for (const exchange of waiting.splice(0)) exchange.settle(false);
      for (const connection of idle.splice(0)) connection.destroy();
    },
  };
}
