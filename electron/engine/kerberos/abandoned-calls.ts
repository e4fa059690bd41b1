// How many native Kerberos calls were abandoned at their budget and are still running (each holds a
// libuv pool thread until MIT gives up, ~27 s against a silent KDC). Its own module so the CLI's entry can
// ask at exit without loading the binding, and all it imports, for a command that never called it.
let abandoned = 0;

/** Outstanding abandoned native calls (they hold thread-pool threads until MIT gives up). */
export function abandonedCalls(): number {
  return abandoned;
}

export function noteCallAbandoned(): void {
  abandoned++;
}

export function noteAbandonedCallEnded(): void {
  abandoned--;
}
