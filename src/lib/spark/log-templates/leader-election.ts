/**
 * Lines of the Master's ZooKeeper leader election agent (a Curator `LeaderLatch`,
 * `deploy/master/ZooKeeperLeaderElectionAgent.scala`, logger `ZooKeeperLeaderElectionAgent`).
 */
import { ZK_AGENT, ref } from '../refs';
import { defineTemplates } from './template';

const A = 'ZooKeeperLeaderElectionAgent';

export const LEADER_ELECTION_TEMPLATES = defineTemplates([
  {
    id: 'leader-election.starting',
    daemon: 'leader-election',
    level: 'INFO',
    logger: A,
    text: 'Starting ZooKeeper LeaderElection agent',
    fields: {},
    ref: ref(ZK_AGENT, 'start'),
  },
  {
    id: 'leader-election.gained',
    daemon: 'leader-election',
    level: 'INFO',
    logger: A,
    text: 'We have gained leadership',
    fields: {},
    ref: ref(ZK_AGENT, 'isLeader'),
  },
  {
    id: 'leader-election.lost',
    daemon: 'leader-election',
    level: 'INFO',
    logger: A,
    text: 'We have lost leadership',
    fields: {},
    ref: ref(ZK_AGENT, 'notLeader'),
  },
]);
