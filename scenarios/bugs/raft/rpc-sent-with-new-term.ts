import { broadcastHeartbeat } from '../../../core/raft/replication.ts';
import { raftVariant } from './variant.ts';

/**
 * raft-bugs.md #8 rpc-sent-with-new-term: the leader's heartbeat loop checks `state == Leader`,
 * then builds its AppendEntries reading `currentTerm` after the node has adopted a higher term
 * (eliben/raft#13, hashicorp/raft#695, nats-server#7297). This core is single-threaded, so the
 * race is written as its outcome: when a leader adopts a higher term it sends one more round of
 * AppendEntries stamped with that term, and only then steps down. Followers of the term's real
 * leader take the ex-leader for the leader of their term; the real leader meets a second
 * leader of its own term.
 */
export const rpcSentWithNewTerm = raftVariant({
  adoptTerm: (s, term, leader) => {
    if (s.role === 'leader') {
      // BUG: the heartbeat loop, past its leadership check, reads the term after it changed.
      const own = s.term;
      s.term = term;
      broadcastHeartbeat(s);
      s.term = own;
    }
    s.becomeFollower(term, leader);
  },
});
