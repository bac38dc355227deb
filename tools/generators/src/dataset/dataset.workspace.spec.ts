import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
const NAME = 'trails';

/**
 * The proof that a dataset needs no hand edit: generated into a throw-away copy of this workspace
 * (with ../shared beside it), the new dataset passes lint, prettier, typecheck, its own tests and
 * the deployment checks (k8s, compose, the image build) that cover every dataset.
 */
describe('a dataset generated into a copy of the workspace', () => {
  let scratch: string;
  let copy: string;

  // The child processes must not inherit the outer Jest's template database or worker settings.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('JEST_') && k !== 'WAYPOST_TEST_TEMPLATE',
    ),
  );
  /** Runs a command in the copy; its output (stdout and stderr), or a failure showing it. */
  const run = (command: string, args: string[]): string => {
    const result = spawnSync(command, args, {
      cwd: copy,
      env: {
        ...env,
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        NX_DAEMON: 'false',
        NX_NO_CLOUD: 'true',
        CI: 'true',
        FORCE_COLOR: '0',
        NO_COLOR: '1',
      },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${result.stdout}${result.stderr}`;
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${output}`);
    return output;
  };
  const npx = (...args: string[]) => run('npx', args);

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'waypost-generated-'));
    copy = join(scratch, 'workspace');
    const files = execFileSync(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    )
      .split('\0')
      .filter((file) => file && existsSync(join(ROOT, file)));
    for (const file of files) cpSync(join(ROOT, file), join(copy, file), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    symlinkSync(join(ROOT, '..', 'shared'), join(scratch, 'shared'));
  });

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('lists what it would write on --dry-run, and writes nothing', () => {
    const out = npx(
      'nx',
      'g',
      '@waypost/generators:dataset',
      NAME,
      '--dry-run',
      '--no-interactive',
    );
    expect(out).toMatch(new RegExp(`CREATE apps/${NAME}-api/src/${NAME}.service.ts`));
    expect(out).toMatch(/UPDATE tools\/datasets\.registry\.json/);
    expect(existsSync(join(copy, 'apps', `${NAME}-api`))).toBe(false);
  });

  it('is green at once: lint, format, typecheck, its tests and the deployment checks', () => {
    const started = performance.now();
    const generated = npx('nx', 'g', '@waypost/generators:dataset', NAME, '--no-interactive');
    const written = [...generated.matchAll(/^(?:CREATE|UPDATE) (\S+)$/gm)].map((m) => m[1]!);
    const touched = [
      `apps/${NAME}-api`,
      `apps/${NAME}-sync`,
      `libs/${NAME}`,
      `openapi/${NAME}.yaml`,
    ];
    expect(touched.every((path) => existsSync(join(copy, path)))).toBe(true);

    npx('eslint', '--max-warnings=0', ...touched.slice(0, 3), 'tools', 'eslint.config.mjs');
    npx('prettier', '--check', ...written);
    // The spec lint of `npm run lint:openapi`, house rules included.
    npx('redocly', 'lint', '--config', 'openapi/lint/redocly.yaml', `openapi/${NAME}.yaml`);
    // The whole program that imports the new projects, as `npm run typecheck` sees it.
    writeFileSync(
      join(copy, 'tsconfig.generated.json'),
      JSON.stringify({
        extends: './tsconfig.base.json',
        compilerOptions: { noEmit: true },
        include: [
          `apps/${NAME}-*/**/*.ts`,
          `libs/${NAME}/**/*.ts`,
          'tools/db/**/*.ts',
          'tools/deploy/**/*.ts',
        ],
      }),
    );
    npx('tsc', '-p', 'tsconfig.generated.json');
    npx(
      'jest',
      '--selectProjects',
      `${NAME}-api`,
      `${NAME}-sync`,
      'deploy',
      '--json',
      '--outputFile',
      join(scratch, 'results.json'),
    );
    const results = JSON.parse(readFileSync(join(scratch, 'results.json'), 'utf8'));
    expect({ failed: results.numFailedTests, passed: results.numPassedTests > 0 }).toEqual({
      failed: 0,
      passed: true,
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    process.stdout.write(
      `generated dataset "${NAME}": nx g to green (${results.numPassedTests} tests) in ${seconds} s\n`,
    );
  });
});
