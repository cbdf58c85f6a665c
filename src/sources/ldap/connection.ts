// A small LDAPv3 client over node:net / node:tls: simple bind, StartTLS, LDAPS, and streaming searches that
// hand every message (entries with their controls, intermediate responses) to the caller as it arrives.
// That streaming is what syncrepl needs and what the npm clients lack (decision 0040).
import net from 'node:net';
import tls from 'node:tls';
import {
  CA_DIR_PLACEHOLDER,
  isUntrustedCertificate,
  isWrongCertificateHost,
  loadTrustedCas,
  VERIFY_CERTIFICATES,
} from '../../config/trust-store.js';
import { readTlv } from './ber.js';
import {
  abandonRequest,
  bindRequest,
  type Control,
  decodeMessage,
  encodeMessage,
  extendedRequest,
  type LdapMessage,
  NOTICE_OF_DISCONNECTION_OID,
  type SearchRequest,
  searchRequest,
  START_TLS_OID,
  unbindRequest,
} from './protocol.js';
import { bindFailureMessage, searchFailureMessage } from './result-codes.js';

export interface ConnectOptions {
  uri: string;
  startTls?: boolean;
  /** Extra trusted CAs (PEM files in this directory), added to the system store. */
  caDirectory?: string;
  connectTimeoutMs?: number;
}

export class LdapError extends Error {
  override name = 'LdapError';
  constructor(
    message: string,
    readonly resultCode?: number,
    /** Retrying cannot help (certificate not trusted, wrong host name): the administrator must act. */
    readonly fatal = false,
  ) {
    super(message);
  }
}

function isTlsVerificationError(error: NodeJS.ErrnoException): boolean {
  return isWrongCertificateHost(error) || isUntrustedCertificate(error);
}

/** Turns a TLS handshake failure into a message that says what the administrator can do about it. */
export function tlsFailureMessage(uri: string, error: NodeJS.ErrnoException, caDirectory?: string): string {
  const where = caDirectory ?? CA_DIR_PLACEHOLDER;
  if (isWrongCertificateHost(error))
    return `TLS with ${uri} failed: the server certificate does not name this host (${error.message}); use the host name the certificate was issued for in LDAP_URI`;
  if (isUntrustedCertificate(error))
    return `TLS with ${uri} failed: the server certificate cannot be verified (${error.message}); put the PEM file of the CA that signed it into ${where}/ (the system CAs are trusted too)`;
  return `TLS with ${uri} failed: ${error.message}`;
}

type Handler = { onMessage: (message: LdapMessage) => void; onError: (error: Error) => void };

export function parseLdapUri(uri: string): { secure: boolean; host: string; port: number } {
  const match = /^(ldaps?):\/\/(\[[^\]]+\]|[^:/?]*)(?::(\d+))?\/?([?].*)?$/i.exec(uri.trim());
  if (!match)
    throw new LdapError(`LDAP_URI "${uri}" is not an ldap:// or ldaps:// URI (example: ldap://ldap.example.org:389)`);
  const secure = match[1].toLowerCase() === 'ldaps';
  const host = (match[2] || 'localhost').replace(/^\[|\]$/g, '');
  return { secure, host, port: match[3] ? Number(match[3]) : secure ? 636 : 389 };
}

/** The shared trust store (system CAs plus the connector's CA directory, as for OX); a CA file without a certificate stops the source. */
export function trustedCas(caDirectory?: string): string[] {
  try {
    return loadTrustedCas(caDirectory);
  } catch (error) {
    throw new LdapError((error as Error).message, undefined, true);
  }
}

export class LdapConnection {
  private socket: net.Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private handlers = new Map<number, Handler>();
  private closed = false;
  private closeListeners: ((error: Error) => void)[] = [];

  private constructor(socket: net.Socket) {
    this.socket = socket;
    this.attach(socket);
  }

  static async connect(options: ConnectOptions): Promise<LdapConnection> {
    const { secure, host, port } = parseLdapUri(options.uri);
    const timeout = options.connectTimeoutMs ?? 10_000;
    const ca = secure || options.startTls ? trustedCas(options.caDirectory) : undefined;
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const raw = secure
        ? tls.connect({ host, port, ca, servername: net.isIP(host) ? undefined : host, ...VERIFY_CERTIFICATES })
        : net.connect({ host, port });
      const timer = setTimeout(() => {
        raw.destroy();
        reject(new LdapError(`LDAP server ${options.uri} did not answer within ${timeout} ms`));
      }, timeout);
      raw.once(secure ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        resolve(raw);
      });
      raw.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const tlsFailure = secure && isTlsVerificationError(error);
        reject(
          tlsFailure
            ? new LdapError(tlsFailureMessage(options.uri, error, options.caDirectory), undefined, true)
            : new LdapError(`cannot connect to LDAP server ${options.uri}: ${error.message}`),
        );
      });
    });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    const connection = new LdapConnection(socket);
    if (!secure && options.startTls) {
      try {
        await connection.startTls(host, ca!, options.uri, options.caDirectory);
      } catch (error) {
        socket.destroy(); // Never fall back to plain text after a failed StartTLS.
        throw error;
      }
    }
    return connection;
  }

  private attach(socket: net.Socket): void {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.shutdown(new LdapError(`LDAP connection failed: ${error.message}`)));
    socket.on('close', () => this.shutdown(new LdapError('LDAP server closed the connection')));
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let offset = 0;
    try {
      for (;;) {
        const read = readTlv(this.buffer, offset);
        if (!read) break;
        const message = decodeMessage(this.buffer.subarray(offset, read.next));
        offset = read.next;
        this.dispatch(message);
      }
    } catch (error) {
      this.shutdown(new LdapError(`LDAP server sent an undecodable message: ${(error as Error).message}`));
      this.socket.destroy();
      return;
    }
    this.buffer = this.buffer.subarray(offset);
  }

  private dispatch(message: LdapMessage): void {
    if (message.messageId === 0) {
      const name = message.op.kind === 'extendedResponse' ? message.op.name : undefined;
      const reason = name === NOTICE_OF_DISCONNECTION_OID ? 'notice of disconnection' : 'unsolicited notification';
      this.shutdown(new LdapError(`LDAP server ended the session (${reason})`));
      this.socket.destroy();
      return;
    }
    this.handlers.get(message.messageId)?.onMessage(message);
  }

  private shutdown(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const handler of this.handlers.values()) handler.onError(error);
    this.handlers.clear();
    for (const listener of this.closeListeners) listener(error);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  onClose(listener: (error: Error) => void): void {
    this.closeListeners.push(listener);
  }

  private send(op: Buffer, controls: Control[], handler?: Handler): number {
    if (this.closed) throw new LdapError('LDAP connection is closed');
    const id = this.nextId++;
    if (handler) this.handlers.set(id, handler);
    this.socket.write(encodeMessage(id, op, controls));
    return id;
  }

  /** Sends a request that is answered by exactly one message. */
  private request(op: Buffer, controls: Control[] = []): Promise<LdapMessage> {
    return new Promise((resolve, reject) => {
      const id = this.send(op, controls, {
        onMessage: (message) => {
          this.handlers.delete(id);
          resolve(message);
        },
        onError: reject,
      });
    });
  }

  private async startTls(host: string, ca: string[], uri: string, caDirectory?: string): Promise<void> {
    const answer = await this.request(extendedRequest(START_TLS_OID));
    if (answer.op.kind !== 'extendedResponse' || answer.op.result.resultCode !== 0) {
      const text = answer.op.kind === 'extendedResponse' ? answer.op.result.diagnosticMessage : answer.op.kind;
      throw new LdapError(`LDAP server ${uri} refused StartTLS: ${text}`);
    }
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    this.socket = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const secured = tls.connect({
        socket: plain,
        ca,
        servername: net.isIP(host) ? undefined : host,
        ...VERIFY_CERTIFICATES,
      });
      secured.once('secureConnect', () => resolve(secured));
      secured.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new LdapError(
            `StartTLS: ${tlsFailureMessage(uri, error, caDirectory)}`,
            undefined,
            isTlsVerificationError(error),
          ),
        ),
      );
    });
    this.attach(this.socket);
  }

  async bind(dn: string, password: string): Promise<void> {
    const answer = await this.request(bindRequest(dn, password));
    if (answer.op.kind !== 'bindResponse') throw new LdapError(`unexpected answer to bind: ${answer.op.kind}`);
    const { result } = answer.op;
    if (result.resultCode !== 0) throw new LdapError(bindFailureMessage(dn, result), result.resultCode);
  }

  /**
   * Starts a search. `onMessage` sees every entry, reference and intermediate response in order;
   * `done` resolves with the SearchResultDone message (or rejects when the connection drops).
   */
  search(
    request: SearchRequest,
    controls: Control[],
    onMessage: (message: LdapMessage) => void,
  ): { messageId: number; done: Promise<LdapMessage> } {
    let messageId = 0;
    const done = new Promise<LdapMessage>((resolve, reject) => {
      messageId = this.send(searchRequest(request), controls, {
        onMessage: (message) => {
          if (message.op.kind === 'searchResultDone') {
            this.handlers.delete(messageId);
            resolve(message);
          } else {
            onMessage(message);
          }
        },
        onError: reject,
      });
    });
    return { messageId, done };
  }

  /** Plain search collecting all entries (for tests and one-shot reads). */
  async searchAll(request: SearchRequest): Promise<{ dn: string; attributes: Map<string, Buffer[]> }[]> {
    const entries: { dn: string; attributes: Map<string, Buffer[]> }[] = [];
    const { done } = this.search(request, [], (message) => {
      if (message.op.kind === 'searchResultEntry') {
        entries.push({ dn: message.op.dn, attributes: new Map(message.op.attributes.map((a) => [a.type, a.values])) });
      }
    });
    const result = await done;
    if (result.op.kind === 'searchResultDone' && result.op.result.resultCode !== 0) {
      throw new LdapError(searchFailureMessage(request.base, result.op.result), result.op.result.resultCode);
    }
    return entries;
  }

  abandon(messageId: number): void {
    if (this.closed) return;
    this.handlers.delete(messageId);
    this.socket.write(encodeMessage(this.nextId++, abandonRequest(messageId)));
  }

  close(): void {
    if (this.closed) return;
    try {
      this.socket.write(encodeMessage(this.nextId++, unbindRequest()));
    } catch {
      // Socket already gone; nothing to tell the server.
    }
    this.socket.end();
    this.shutdown(new LdapError('LDAP connection closed by the connector'));
  }
}
