import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { PROMETHEUS_RULE_FILE, prometheusRule } from '../scripts/prometheus-rule';
import { requireBinary } from './binaries';

const run = promisify(execFile);
const PROMETHEUS = path.join(__dirname, '..', 'prometheus');
const RULES = path.join(PROMETHEUS, 'rules', 'waypost.rules.yml');
const TESTS = path.join(PROMETHEUS, 'tests', 'waypost.rules.test.yml');

async function promtool(...args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(requireBinary('promtool', 'prometheus'), args);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

interface RuleGroup {
  name: string;
  rules: { alert?: string; record?: string; expr: string; for?: string }[];
}

describe('Prometheus rules (ops/prometheus)', () => {
  const groups = (parse(readFileSync(RULES, 'utf8')) as { groups: RuleGroup[] }).groups;
  const alerts = groups.flatMap((group) => group.rules.filter((rule) => rule.alert));

  it('pass promtool check rules', async () => {
    const { ok, output } = await promtool('check', 'rules', RULES);
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
    expect(ok).toBe(true);
  });

  it('pass their promtool unit tests', async () => {
    const { ok, output } = await promtool('test', 'rules', TESTS);
    expect(output).toContain('SUCCESS');
    expect(ok).toBe(true);
  });

  it('cover what the platform must alert on, each alert tested', () => {
    expect(alerts.map((rule) => rule.alert).sort()).toEqual([
      'WaypostDeadLettersGrowing',
      'WaypostGatewayTooManyRequests',
      'WaypostGatewayUpstreamErrors',
      'WaypostGatewayUpstreamTimeouts',
      'WaypostHighErrorRatio',
      'WaypostHighLatencyP99',
      'WaypostNotReady',
      'WaypostSyncNotSucceeding',
      'WaypostSyncStuck',
      'WaypostTargetDown',
    ]);
    const tested = new Set(
      (
        parse(readFileSync(TESTS, 'utf8')) as {
          tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
        }
      ).tests.flatMap((test) =>
        (test.alert_rule_test ?? [])
          .filter((check) => check.exp_alerts.length > 0)
          .map((check) => check.alertname),
      ),
    );
    expect(alerts.filter((rule) => !tested.has(rule.alert ?? ''))).toEqual([]);
  });

  it('fail their unit tests when an alert loses its cause (the tests can fail)', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'waypost-rules-'));
    const broken = structuredClone(groups);
    const upstreamErrors = broken
      .flatMap((group) => group.rules)
      .find((rule) => rule.alert === 'WaypostGatewayUpstreamErrors');
    if (!upstreamErrors) throw new Error('no WaypostGatewayUpstreamErrors');
    upstreamErrors.expr = upstreamErrors.expr.replace('> 0.05', '> 2');
    writeFileSync(path.join(folder, 'waypost.rules.yml'), stringify({ groups: broken }));
    writeFileSync(
      path.join(folder, 'test.yml'),
      readFileSync(TESTS, 'utf8').replace('../rules/waypost.rules.yml', 'waypost.rules.yml'),
    );
    const { ok, output } = await promtool('test', 'rules', path.join(folder, 'test.yml'));
    expect(ok).toBe(false);
    expect(output).toMatch(/alertname: WaypostGatewayUpstreamErrors/);
  });

  it('are what the prod overlay deploys as a PrometheusRule (regenerate with ops/scripts/prometheus-rule.ts)', () => {
    expect(parse(readFileSync(PROMETHEUS_RULE_FILE, 'utf8'))).toEqual(prometheusRule());
    expect(
      readFileSync(
        PROMETHEUS_RULE_FILE.replace('prometheus-rule.yaml', 'kustomization.yaml'),
        'utf8',
      ),
    ).toMatch(/^\s+- prometheus-rule\.yaml$/m);
  });
});
