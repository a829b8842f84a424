/**
 * deploy/prometheus and deploy/grafana: the Prometheus config and alert rules pass promtool
 * (check config, and the rules' unit tests), every alert has a unit test, and the provisioned
 * dashboards are valid for provisioning: JSON with unique uids, no import-time ${DS_...}
 * placeholders, every query on the provisioned datasource, every metric one the code exports.
 * promtool is Debian's `prometheus` package (.ci/run installs it); without it and outside CI
 * the promtool checks are skipped.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const PROM = 'deploy/prometheus';
const GRAFANA = 'deploy/grafana';
const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

/** Every arbees_* metric name the sources register, plus Prometheus's own `up`. */
function metricCatalogue(): Set<string> {
  const names = new Set<string>(['up']);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
        for (const m of readFileSync(path, 'utf8').matchAll(/'(arbees_[a-z_]+)'/g)) names.add(m[1]!);
    }
  };
  walk('src');
  return names;
}

/** The metric names a PromQL expression reads (histogram series by their base name). */
function metricsIn(expr: string): string[] {
  return [...expr.matchAll(/\b(arbees_[a-z_]+|up)\b(?=\s*[{[)\s]|$)/g)].map((m) =>
    m[1]!.replace(/_(bucket|sum|count)$/, ''),
  );
}

describe('Prometheus config and alert rules', () => {
  const rules = parse(readFileSync(join(PROM, 'alerts.yml'), 'utf8')) as {
    groups: { rules: { alert: string; expr: string }[] }[];
  };
  const alerts = rules.groups.flatMap((g) => g.rules);

  it.skipIf(!hasPromtool && !process.env.CI)('passes promtool check config and the rules unit tests', () => {
    const check = spawnSync('promtool', ['check', 'config', join(PROM, 'prometheus.yml')], {
      encoding: 'utf8',
    });
    expect(check.stdout + check.stderr).toContain('SUCCESS');
    expect(check.status).toBe(0);
    const tests = spawnSync('promtool', ['test', 'rules', 'alerts.test.yml'], {
      cwd: PROM,
      encoding: 'utf8',
    });
    expect(tests.stdout + tests.stderr).toContain('SUCCESS');
    expect(tests.status).toBe(0);
  });

  it('has a unit test for every alert, and reads only metrics the services export', () => {
    const tests = readFileSync(join(PROM, 'alerts.test.yml'), 'utf8');
    const catalogue = metricCatalogue();
    expect(alerts.length).toBeGreaterThanOrEqual(8);
    for (const a of alerts) {
      expect(tests, a.alert).toContain(`alertname: ${a.alert}`);
      for (const m of metricsIn(a.expr)) expect(catalogue, `${a.alert}: ${m}`).toContain(m);
    }
  });
});

describe('Grafana provisioning', () => {
  const datasources = parse(
    readFileSync(join(GRAFANA, 'provisioning/datasources/prometheus.yml'), 'utf8'),
  ) as {
    datasources: { uid: string; url: string }[];
  };
  const uid = datasources.datasources[0]!.uid;
  const files = readdirSync(join(GRAFANA, 'dashboards')).filter((f) => f.endsWith('.json'));

  it('provisions four dashboards on the fixed datasource uid, each query on a known metric', () => {
    expect(uid).toBe('arbees-prometheus');
    expect(files.sort()).toEqual(['overview.json', 'services.json', 'trading.json', 'venues.json']);
    const catalogue = metricCatalogue();
    const uids = new Set<string>();
    for (const file of files) {
      const text = readFileSync(join(GRAFANA, 'dashboards', file), 'utf8');
      expect(text, file).not.toContain('${DS_');
      expect(text, file).not.toContain('__inputs');
      const board = JSON.parse(text) as {
        uid: string;
        title: string;
        panels: {
          title: string;
          datasource: { uid: string };
          targets: { expr: string; datasource: { uid: string } }[];
        }[];
      };
      expect(uids.has(board.uid), file).toBe(false);
      uids.add(board.uid);
      expect(board.panels.length, file).toBeGreaterThan(0);
      for (const p of board.panels) {
        expect(p.datasource.uid, `${file}: ${p.title}`).toBe(uid);
        expect(p.targets.length, `${file}: ${p.title}`).toBeGreaterThan(0);
        for (const t of p.targets) {
          expect(t.datasource.uid).toBe(uid);
          const used = metricsIn(t.expr);
          expect(used.length, t.expr).toBeGreaterThan(0);
          for (const m of used) expect(catalogue, `${file}: ${t.expr}`).toContain(m);
        }
      }
    }
  });

  it('points the dashboard provider at the folder compose mounts', () => {
    const provider = parse(readFileSync(join(GRAFANA, 'provisioning/dashboards/arbees.yml'), 'utf8')) as {
      providers: { type: string; options: { path: string } }[];
    };
    expect(provider.providers[0]).toMatchObject({
      type: 'file',
      options: { path: '/var/lib/grafana/dashboards/arbees' },
    });
    const compose = readFileSync('deploy/compose.yaml', 'utf8');
    expect(compose).toContain('./grafana/dashboards:/var/lib/grafana/dashboards/arbees');
  });
});
