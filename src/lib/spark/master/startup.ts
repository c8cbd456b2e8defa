/**
 * `Master.onStart` (spec §f.1): start-up logs, the fixed-rate `CheckForWorkerTimeOut` (first tick
 * at once), the persistence engine and the leader election agent.
 */
import type { Input } from '../../sim/types';
import { hostPort } from '../format';
import { MASTER, ref } from '../refs';
import type { Env, MasterContext } from './context';
import { startLeaderAgent } from './leader';
import { loadDisk, recoveryMount } from './persistence';
import { print, spoken } from '../print';

export function startMaster(m: MasterContext, env: Env, input: Input | undefined): void {
  env.io.handler(ref(MASTER, 'onStart'));
  print(env.io, 'master.starting', hostPort(m.address));
  print(env.io, 'master.running-version', { version: spoken() });
  print(env.io, 'master.web-ui-bound', { bindHost: '0.0.0.0', url: m.webUiUrl });
  env.io.setTimer('check-timeout', 'CheckForWorkerTimeOut', 0, m.conf.workerTimeoutMs);
  switch (m.conf.recoveryMode) {
    case 'ZOOKEEPER':
      print(env.io, 'master.persisting-to-zookeeper');
      break;
    case 'FILESYSTEM':
    case 'ROCKSDB': {
      print(
        env.io,
        m.conf.recoveryMode === 'ROCKSDB' ? 'persistence.rocksdb-directory' : 'persistence.filesystem-directory',
        {
          dir: m.conf.recoveryDirectory,
        },
      );
      const disk = input?.kind === 'start' ? input.disk[recoveryMount(m.conf.recoveryDirectory)] : undefined;
      loadDisk(m, disk ?? {});
      break;
    }
    case 'NONE':
      break;
  }
  startLeaderAgent(m, env);
}
