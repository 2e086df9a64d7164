import type { KvServerOptions } from '../../../core/kv/server.ts';
import { KvHostService, type KvServiceFactory } from '../../../sim/kv-service.ts';

/**
 * A known-bad KV service: the real KvHostService and KvServer, built with `options()` (a store
 * with a bug, or one replaced KvServerRules function), fresh for every server incarnation. With
 * no options it is the real service (the `control` fixture).
 */
export function kvVariant(options: () => KvServerOptions): KvServiceFactory {
  return (host, maxRaftState) => new KvHostService(host, maxRaftState, options());
}
