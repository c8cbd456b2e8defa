/**
 * The Master's executor placement, as pure functions: `scheduleExecutorsOnWorkers` (spec §e.4,
 * `Master.scheduleExecutorsOnWorkers`) and the worker ordering of `spark.deploy.workerSelectionPolicy`
 * (spec §e.3). Kept free of any actor state so Spark's own test table (spec §e.5) can be checked
 * against it directly.
 */
import type { WorkerSelectionPolicy } from './config';
import { meetsRequirements, minus, type ResourceAmounts } from './resources';

export interface UsableWorker {
  id: string;
  coresFree: number;
  memoryFree: number;
  /** `resourcesAmountFree`: free addresses of each custom resource (needed when the executor asks for any). */
  resourcesFree?: ResourceAmounts;
}

export interface PlacementRequest {
  /** `app.coresLeft` = requested cores − cores granted. */
  coresLeft: number;
  coresPerExecutor?: number;
  memoryPerExecutor: number;
  /** Custom resources each executor takes (`customResourcesPerExecutor`). */
  resourcesPerExecutor?: ResourceAmounts;
  /** Executors the app already has for this resource profile. */
  existingExecutors: number;
  /** Target executor count for the profile (Int.MaxValue when not limited). */
  executorLimit: number;
  spreadOut: boolean;
}

/**
 * Cores to assign on each usable worker, in the order given. Reproduces Spark's loop step by step:
 * grants come in units of `coresPerExecutor` (1 when unset); with spreadOut each pass hands one
 * unit to each worker in turn, without it a worker is filled before the next is tried.
 */
export function scheduleExecutorsOnWorkers(req: PlacementRequest, workers: readonly UsableWorker[]): number[] {
  const minCores = req.coresPerExecutor ?? 1;
  const oneExecutorPerWorker = req.coresPerExecutor === undefined;
  const n = workers.length;
  const assignedCores = new Array<number>(n).fill(0);
  const assignedExecutors = new Array<number>(n).fill(0);
  let coresToAssign = Math.min(
    req.coresLeft,
    workers.reduce((sum, w) => sum + w.coresFree, 0),
  );
  let totalAssignedExecutors = 0;

  const canLaunchExecutor = (i: number): boolean => {
    const keepScheduling = coresToAssign >= minCores;
    const enoughCores = workers[i].coresFree - assignedCores[i] >= minCores;
    const launchingNewExecutor = !oneExecutorPerWorker || assignedExecutors[i] === 0;
    if (launchingNewExecutor) {
      const assignedMemory = assignedExecutors[i] * req.memoryPerExecutor;
      const enoughMemory = workers[i].memoryFree - assignedMemory >= req.memoryPerExecutor;
      const enoughResources =
        req.resourcesPerExecutor === undefined ||
        meetsRequirements(
          minus(workers[i].resourcesFree ?? {}, req.resourcesPerExecutor, assignedExecutors[i]),
          req.resourcesPerExecutor,
        );
      const underLimit = totalAssignedExecutors + req.existingExecutors < req.executorLimit;
      return keepScheduling && enoughCores && enoughMemory && enoughResources && underLimit;
    }
    // Adding cores to the executor this pass already started on i: no memory or limit check.
    return keepScheduling && enoughCores;
  };

  let free = workers.map((_, i) => i).filter(canLaunchExecutor);
  while (free.length > 0) {
    for (const i of free) {
      let keepScheduling = true;
      while (keepScheduling && canLaunchExecutor(i)) {
        coresToAssign -= minCores;
        assignedCores[i] += minCores;
        if (oneExecutorPerWorker) {
          if (assignedExecutors[i] === 0) totalAssignedExecutors++;
          assignedExecutors[i] = 1;
        } else {
          assignedExecutors[i] += 1;
          totalAssignedExecutors++;
        }
        if (req.spreadOut) keepScheduling = false;
      }
    }
    free = free.filter(canLaunchExecutor);
  }
  return assignedCores;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Orders usable workers by the selection policy; ties break on the worker id (spec §e.3). */
export function orderWorkers<W extends UsableWorker>(workers: readonly W[], policy: WorkerSelectionPolicy): W[] {
  const out = workers.slice();
  switch (policy) {
    case 'CORES_FREE_DESC':
      return out.sort((a, b) => b.coresFree - a.coresFree || byString(b.id, a.id));
    case 'CORES_FREE_ASC':
      return out.sort((a, b) => a.coresFree - b.coresFree || byString(a.id, b.id));
    case 'MEMORY_FREE_DESC':
      return out.sort((a, b) => b.memoryFree - a.memoryFree || byString(b.id, a.id));
    case 'MEMORY_FREE_ASC':
      return out.sort((a, b) => a.memoryFree - b.memoryFree || byString(a.id, b.id));
    case 'WORKER_ID':
      return out.sort((a, b) => byString(a.id, b.id));
  }
}

/** How assigned cores on one worker become executors (spec §e.3 step 6). */
export function executorsFor(assigned: number, coresPerExecutor: number | undefined): number[] {
  if (assigned <= 0) return [];
  if (coresPerExecutor === undefined) return [assigned];
  return new Array<number>(Math.floor(assigned / coresPerExecutor)).fill(coresPerExecutor);
}
