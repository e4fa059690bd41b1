// A tiny real DNS server on 127.0.0.1 (UDP, a free port) for the lab's Windows view and the KDC locator's tests:
// it answers SRV and A queries from a table, NXDOMAIN for names it does not hold. Node's Resolver is pointed at
// it with setServers(['127.0.0.1:PORT']). Stopped by the test that starts it.
import { createSocket, type Socket } from 'node:dgram';

export interface DnsTable {
  [name: string]: { srv?: { priority: number; weight: number; port: number; target: string }[]; a?: string[] };
}

export interface TestDnsServer {
  server: string;
  queries: string[];
  close(): Promise<void>;
}

function encodeName(name: string): Buffer {
  const parts = name
    .replace(/\.$/, '')
    .split('.')
    .filter(Boolean)
    .map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')]));
  return Buffer.concat([...parts, Buffer.from([0])]);
}

function readQuestion(msg: Buffer): { name: string; type: number; end: number } | null {
  let off = 12;
  const labels: string[] = [];
  while (off < msg.length) {
    const len = msg[off]!;
    if (len === 0) {
      off += 1;
      break;
    }
    if (len > 63 || off + 1 + len > msg.length) return null;
    labels.push(msg.subarray(off + 1, off + 1 + len).toString('ascii'));
    off += 1 + len;
  }
  if (off + 4 > msg.length) return null;
  return { name: labels.join('.').toLowerCase(), type: msg.readUInt16BE(off), end: off + 4 };
}

function answer(query: Buffer, table: DnsTable, log: string[]): Buffer | null {
  if (query.length < 12) return null;
  const question = readQuestion(query);
  if (!question) return null;
  log.push(`${question.type === 33 ? 'SRV' : question.type === 1 ? 'A' : question.type} ${question.name}`);
  const entry = table[question.name];
  const rrs: Buffer[] = [];
  const rr = (type: number, rdata: Buffer) => {
    const head = Buffer.alloc(12);
    head.writeUInt16BE(0xc00c, 0);
    head.writeUInt16BE(type, 2);
    head.writeUInt16BE(1, 4);
    head.writeUInt32BE(60, 6);
    head.writeUInt16BE(rdata.length, 10);
    rrs.push(head, rdata);
  };
  let count = 0;
  if (entry && question.type === 33)
    for (const srvRecord of entry.srv ?? []) {
      const fixed = Buffer.alloc(6);
      fixed.writeUInt16BE(srvRecord.priority, 0);
      fixed.writeUInt16BE(srvRecord.weight, 2);
      fixed.writeUInt16BE(srvRecord.port, 4);
      rr(33, Buffer.concat([fixed, encodeName(srvRecord.target)]));
      count++;
    }
  if (entry && question.type === 1)
    for (const ip of entry.a ?? []) {
      rr(1, Buffer.from(ip.split('.').map(Number)));
      count++;
    }
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  // QR AA (RD echoed); NXDOMAIN when unknown
  header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | (entry ? 0 : 3), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(count, 6);
  return Buffer.concat([header, query.subarray(12, question.end), ...rrs]);
}

export function startTestDns(table: DnsTable): Promise<TestDnsServer> {
  const sock: Socket = createSocket('udp4');
  const queries: string[] = [];
  const lower: DnsTable = Object.fromEntries(
    Object.entries(table).map(([name, records]) => [name.toLowerCase(), records]),
  );
  sock.on('message', (msg, rinfo) => {
    const reply = answer(msg, lower, queries);
    if (reply) sock.send(reply, rinfo.port, rinfo.address);
  });
  return new Promise((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(0, '127.0.0.1', () => {
      const { port } = sock.address();
      resolve({ server: `127.0.0.1:${port}`, queries, close: () => new Promise<void>((r) => sock.close(() => r())) });
    });
  });
}
