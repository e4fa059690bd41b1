// The hops of a check, in an order where every hop comes after the hops it needs. Adding a hop is one
// module under hops/ and one line here; the orchestrator runs them all at once and each waits only for
// what it needs, so independent hops (the network path, the KDC probes, the ticket cache) overlap.
import type { DepsOf } from './hop';
import { addressHop } from './hops/address';
import { deviceHop } from './hops/device';
import { environmentHop } from './hops/environment';
import { kdcsHop } from './hops/kdcs';
import { kerberosHop } from './hops/kerberos';
import { networkHop } from './hops/network';
import { proxyPathHop } from './hops/proxy-path';
import { sqlHop } from './hops/sql';
import { ticketChainHop } from './hops/ticket-chain';
import { ticketsHop } from './hops/tickets';

export const PIPELINE = [
  environmentHop,
  addressHop,
  networkHop,
  ticketsHop,
  deviceHop,
  proxyPathHop,
  kdcsHop,
  kerberosHop,
  ticketChainHop,
  sqlHop,
] as const;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Every platform port the pipeline's hops call: the union of what each hop declares. */
export type CheckDeps = UnionToIntersection<DepsOf<(typeof PIPELINE)[number]>>;
