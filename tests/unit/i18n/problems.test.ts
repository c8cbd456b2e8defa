/**
 * Bad input is reported in the page's language: the same paths and values, the sentence from the
 * catalog. (On the command line, and in tests by default, the language is English.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale, baseLocale } from '../../../src/lib/paraglide/runtime.js';
import { loadScenario } from '../../../src/lib/scenario/load';
import { checkFault } from '../../../src/lib/scenario/fault';
import { formatProblem } from '../../../src/lib/scenario/problems';

const bad = {
  version: 1,
  name: 'bad',
  until: 'soon',
  masters: [{ host: 'master', port: 7077 }],
  workers: [{ host: 'worker1', port: 7078, cores: 0, memory: '1g', colour: 'red' }],
  config: { 'spark.worker.timout': '60s', 'spark.deploy.spreadOut': 'maybe' },
};

function problems(): string[] {
  const r = loadScenario(bad);
  if (r.ok) throw new Error('accepted');
  return r.problems.map(formatProblem);
}

afterEach(() => overwriteGetLocale(() => baseLocale));

describe('problems in the page language', () => {
  it('are English by default, with paths and values as written', () => {
    expect(problems()).toEqual(
      expect.arrayContaining([
        'until: expected a duration like "60s", "5min", "500ms" or a number of milliseconds, got "soon"',
        'workers[0].cores: must be at least 1, got 0',
        'workers[0]: unknown field "colour"',
        'config["spark.worker.timout"]: unknown configuration key (did you mean "spark.worker.timeout"?)',
        'config["spark.deploy.spreadOut"]: expected true or false, got "maybe"',
      ]),
    );
  });

  it('are Chinese on a Chinese page: the same paths and values, the sentence translated', () => {
    overwriteGetLocale(() => 'zh-CN');
    const zh = problems();
    expect(zh).toEqual(
      expect.arrayContaining([
        'until: 应为时长，如 "60s"、"5min"、"500ms" 或毫秒数，实际为 "soon"',
        'workers[0].cores: 不能小于 1，实际为 0',
        'workers[0]: 未知字段“colour”',
        'config["spark.worker.timout"]: 未知配置项（是不是“spark.worker.timeout”？）',
        'config["spark.deploy.spreadOut"]: 应为 true 或 false，实际为 "maybe"',
      ]),
    );
    const f = checkFault({ action: 'kill', target: 'wroker-1' }, [{ id: 'worker-1', host: 'worker1', port: 7078 }]);
    expect(f.ok ? [] : f.problems.map(formatProblem)).toEqual([
      'fault.target: 未知节点 "wroker-1"（是不是“worker-1”？）；现有节点为 worker-1',
    ]);
  });
});
