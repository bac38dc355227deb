import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';

const ROOT = path.join(__dirname, '..', '..');
export const RULES_FILE = path.join(ROOT, 'ops', 'prometheus', 'rules', 'waypost.rules.yml');
export const PROMETHEUS_RULE_FILE = path.join(
  ROOT,
  'k8s',
  'overlays',
  'prod',
  'prometheus-rule.yaml',
);

const HEADER = `# Generated from ops/prometheus/rules/waypost.rules.yml by
#   node -r ./tools/register.js ops/scripts/prometheus-rule.ts
# (the ops tests fail while it is stale). For the Prometheus Operator: its ruleSelector must match
# these labels.
`;

/** The rules file as a prometheus-operator PrometheusRule object. */
export function prometheusRule(): Record<string, unknown> {
  const { groups } = parse(readFileSync(RULES_FILE, 'utf8')) as { groups: unknown[] };
  const rule = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: 'waypost',
      labels: { 'app.kubernetes.io/part-of': 'waypost', role: 'alert-rules' },
    },
    spec: { groups },
  };
  return rule;
}

async function main(): Promise<void> {
  // Loaded here only: prettier's module cannot load inside Jest, which imports this file.
  const { format, resolveConfig } = await import('prettier');
  const options = await resolveConfig(PROMETHEUS_RULE_FILE);
  const text = HEADER + stringify(prometheusRule(), { lineWidth: 0 });
  writeFileSync(
    PROMETHEUS_RULE_FILE,
    await format(text, { ...options, filepath: PROMETHEUS_RULE_FILE }),
  );
  console.log(`wrote ${path.relative(ROOT, PROMETHEUS_RULE_FILE)}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
