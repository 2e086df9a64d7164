import type { RaftFactory } from '../../../core/raft/contract.ts';
import { RaftNode } from '../../../core/raft/node.ts';
import type { RaftRules } from '../../../core/raft/rules.ts';

/**
 * A known-bad Raft, loaded through the same RaftFactory as any other implementation: the real
 * RaftNode with one of its rules (core/raft/rules.ts) replaced, so that it differs from the real
 * code by that one function.
 */
export function raftVariant(rule: Partial<RaftRules>): RaftFactory {
  return (config, random, persisted) => new RaftNode(config, random, persisted, rule);
}
