// The lab's delaying relay holds what it forwards for the round-trip time asked: measured here with TCP and
// UDP ping-pongs through it against an echo peer, by the wall clock of this process (not by the relay's own
// bookkeeping). A new TCP connection's first exchange costs one round trip more: the handshake a real
// network charges, which the kernel skips on loopback.
import { strict as assert } from 'node:assert';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startRelay, type RunningRelay } from '../../electron/lab/latency/relay';
import { formatRttProfile, parseRttProfile } from '../../electron/lab/latency/rtt-profile';

const RTT_MS = 40;
/** Timers fire late, never early; the fastest of several exchanges shows what the relay itself adds. */
const LATE_MS = 15;

/**
 * Every exchange took at least the round trips asked (the relay never lets a byte through early), and the
 * fastest no more than a timer's lateness beyond them (on a loaded machine the others may be later still).
 */
function assertRoundTrips(samples: number[], expected: number, what: string): void {
  const shown = samples.map((ms) => ms.toFixed(1)).join(', ');
  assert.ok(Math.min(...samples) >= expected - 1, `${what}: ${shown} ms, expected none under ${expected} ms`);
  assert.ok(Math.min(...samples) <= expected + LATE_MS, `${what}: ${shown} ms, expected about ${expected} ms`);
}

/** Sends LINE and resolves with the time until the echo's line came back. */
async function pingPong(socket: Socket, line: string): Promise<number> {
  const t0 = performance.now();
  const echoed = new Promise<void>((resolve) => {
    let got = '';
    const onData = (chunk: Buffer) => {
      got += chunk.toString();
      if (got.endsWith('\n')) {
        socket.off('data', onData);
        resolve();
      }
    };
    socket.on('data', onData);
  });
  socket.write(`${line}\n`);
  await echoed;
  return performance.now() - t0;
}

describe('lab relay (latency/relay.ts)', () => {
  let tcpEcho: ReturnType<typeof createServer>;
  let udpEcho: ReturnType<typeof createSocket>;
  let relay: RunningRelay;
  let port = 0;

  before(async () => {
    tcpEcho = createServer({ noDelay: true }, (socket) => socket.pipe(socket));
    tcpEcho.listen({ host: '127.0.0.1', port: 0 });
    await once(tcpEcho, 'listening');
    port = (tcpEcho.address() as { port: number }).port;
    udpEcho = createSocket('udp4');
    udpEcho.on('message', (msg, from) => udpEcho.send(msg, from.port, from.address));
    udpEcho.bind({ address: '127.0.0.1', port });
    await once(udpEcho, 'listening');
    relay = await startRelay({
      peer: 'echo',
      listenHost: '127.0.0.2',
      targetHost: '127.0.0.1',
      port,
      rttMs: RTT_MS,
      udp: true,
    });
  });

  after(async () => {
    await relay.close();
    tcpEcho.close();
    udpEcho.close();
  });

  it('TCP: the first exchange of a connection costs two round trips (handshake + exchange), later ones one', async () => {
    const firsts: number[] = [];
    const laters: number[] = [];
    for (let run = 0; run < 3; run++) {
      const socket = connect({ host: '127.0.0.2', port, noDelay: true });
      await once(socket, 'connect');
      firsts.push(await pingPong(socket, 'hello'));
      for (let i = 0; i < 4; i++) laters.push(await pingPong(socket, `ping ${i}`));
      socket.end();
      await once(socket, 'close');
    }
    assertRoundTrips(firsts, 2 * RTT_MS, 'first exchange');
    assertRoundTrips(laters, RTT_MS, 'later exchange');
  });

  it('TCP: a client that waits after connecting pays the handshake only once', async () => {
    const samples: number[] = [];
    for (let run = 0; run < 3; run++) {
      const socket = connect({ host: '127.0.0.2', port, noDelay: true });
      await once(socket, 'connect');
      await new Promise((resolve) => setTimeout(resolve, 2 * RTT_MS));
      samples.push(await pingPong(socket, 'late'));
      socket.end();
      await once(socket, 'close');
    }
    assertRoundTrips(samples, RTT_MS, 'exchange after the handshake has elapsed');
  });

  it('TCP: bytes arrive whole and in order, and the end of the stream is passed on', async () => {
    const socket = connect({ host: '127.0.0.2', port });
    const sent = Buffer.alloc(256 * 1024);
    for (let i = 0; i < sent.length; i++) sent[i] = (i * 7) & 0xff;
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    for (let offset = 0; offset < sent.length; offset += 1000) socket.write(sent.subarray(offset, offset + 1000));
    socket.end();
    await once(socket, 'end');
    assert.ok(Buffer.concat(chunks).equals(sent));
    socket.destroy();
  });

  it('UDP: every datagram is held half the round trip each way', async () => {
    const client = createSocket('udp4');
    client.bind({ address: '127.0.0.1', port: 0 });
    await once(client, 'listening');
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const reply = once(client, 'message');
      client.send(Buffer.from(`ping ${i}`), port, '127.0.0.2');
      const [msg] = (await reply) as [Buffer];
      times.push(performance.now() - t0);
      assert.equal(msg.toString(), `ping ${i}`);
    }
    client.close();
    assertRoundTrips(times, RTT_MS, 'UDP exchange');
  });
});

describe('--rtt profiles (latency/rtt-profile.ts)', () => {
  it('reads peer=ms pairs, and one number for every peer', () => {
    assert.deepEqual(parseRttProfile('user-kdc=2,cloud-kdc=30,kdc-proxy=30,sql=40'), {
      'user-kdc': 2,
      'cloud-kdc': 30,
      'kdc-proxy': 30,
      sql: 40,
    });
    assert.deepEqual(parseRttProfile('1'), { 'user-kdc': 1, 'cloud-kdc': 1, 'kdc-proxy': 1, sql: 1 });
    assert.equal(formatRttProfile(parseRttProfile('sql=150, user-kdc=2')), 'user-kdc=2,sql=150');
  });

  it('refuses unknown peers, repeats, non-numbers and absurd times with LAB_BAD_RTT', () => {
    for (const spec of ['dc=2', 'sql=1,sql=2', 'sql=fast', 'sql=-1', 'sql=99999', 'sql', 'sql=1=2', ''])
      assert.throws(() => parseRttProfile(spec), { code: 'LAB_BAD_RTT' }, spec);
  });
});
