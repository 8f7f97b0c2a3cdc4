/**
 * The Socket Mode side of the fake Slack: `apps.connections.open` hands out a ws:// URL on the same server, and
 * a minimal RFC 6455 endpoint (handshake, text/ping/close frames; no extensions) sends Slack's `hello` and
 * event envelopes, and records the client's acknowledgements (`{ envelope_id }`).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FakeSlack } from './fake-slack.js';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff]);
  if (len >= 65536) throw new Error('frame too large for the fake');
  return Buffer.concat([head, payload]);
}

/** Parses complete client frames (always masked, per RFC 6455) from the buffer; returns the rest. */
function parseFrames(buf: Buffer): { frames: Array<{ opcode: number; payload: Buffer }>; rest: Buffer } {
  const frames: Array<{ opcode: number; payload: Buffer }> = [];
  let off = 0;
  while (buf.length - off >= 2) {
    const opcode = buf[off]! & 0x0f;
    let len = buf[off + 1]! & 0x7f;
    let p = off + 2;
    if (len === 126) {
      if (buf.length < p + 2) break;
      len = buf.readUInt16BE(p);
      p += 2;
    } else if (len === 127) {
      if (buf.length < p + 8) break;
      len = Number(buf.readBigUInt64BE(p));
      p += 8;
    }
    if (buf.length < p + 4 + len) break;
    const mask = buf.subarray(p, p + 4);
    const payload = Buffer.from(buf.subarray(p + 4, p + 4 + len));
    for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
    frames.push({ opcode, payload });
    off = p + 4 + len;
  }
  return { frames, rest: buf.subarray(off) };
}

export class FakeSocketMode {
  readonly acks: Array<{ envelope_id: string; payload?: unknown }> = [];
  private socket: Socket | undefined;
  connections = 0;

  constructor(
    slack: FakeSlack,
    readonly appToken: string,
  ) {
    slack.server.on('upgrade', (req, socket: Socket) => {
      const key = req.headers['sec-websocket-key'];
      if (!key || !(req.url ?? '').startsWith('/socket')) {
        socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
        return;
      }
      const accept = createHash('sha1').update(`${key}${WS_GUID}`).digest('base64');
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      this.socket = socket;
      this.connections += 1;
      let pending: Buffer = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        const { frames, rest } = parseFrames(Buffer.concat([pending, chunk]));
        pending = rest;
        for (const f of frames) {
          if (f.opcode === 0x1) this.acks.push(JSON.parse(f.payload.toString('utf8')));
          else if (f.opcode === 0x9) socket.write(frame(0xa, f.payload));
          else if (f.opcode === 0x8) {
            socket.write(frame(0x8, f.payload.subarray(0, 2)));
            socket.end();
          }
        }
      });
      socket.on('error', () => undefined);
      this.sendJson({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake', approximate_connection_time: 3600 },
        connection_info: { app_id: 'A0APP' },
      });
    });
    slack.extraMethods.set('apps.connections.open', (auth) =>
      auth === `Bearer ${appToken}`
        ? { ok: true, url: `${slack.url.replace('http', 'ws')}/socket/${randomUUID()}` }
        : { ok: false, error: 'invalid_auth' },
    );
  }

  sendJson(message: unknown): void {
    this.socket?.write(frame(0x1, Buffer.from(JSON.stringify(message), 'utf8')));
  }

  /** Delivers an Events API payload as Slack does over Socket Mode; returns the envelope id to await the ack. */
  sendEvent(body: Record<string, unknown>, retryAttempt = 0): string {
    const envelopeId = randomUUID();
    this.sendJson({
      envelope_id: envelopeId,
      type: 'events_api',
      payload: body,
      accepts_response_payload: false,
      retry_attempt: retryAttempt,
      retry_reason: retryAttempt ? 'timeout' : '',
    });
    return envelopeId;
  }

  close(): void {
    this.socket?.destroy();
  }
}
