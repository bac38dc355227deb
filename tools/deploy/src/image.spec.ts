import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  DockerStage,
  K8sObject,
  ROOT,
  loadCompose,
  parseDockerfile,
  renderOverlay,
  scriptOf,
} from './deploy-files';
import { IMAGE_BUILD_COMMAND, IMAGE_SOURCES } from './workspace';

const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const stage = (name: string): DockerStage => {
  const found = dockerfile.stages.find((s) => s.name === name);
  if (!found) throw new Error(`the Dockerfile has no stage "${name}"`);
  return found;
};
const runs = (s: DockerStage) =>
  s.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
const copies = (s: DockerStage) =>
  s.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);

/** Every command the compose services and the k8s containers run with the image. */
function imageCommands(): string[][] {
  const commands: string[][] = Object.values(loadCompose().services).flatMap((s) =>
    s.command?.[0] === 'node' ? [s.command] : [],
  );
  for (const overlay of ['dev', 'prod']) {
    for (const object of renderOverlay(overlay) as (K8sObject & {
      spec?: { template?: { spec?: { containers: { command?: string[] }[] } } };
    })[]) {
      for (const container of object.spec?.template?.spec?.containers ?? []) {
        if (container.command?.[0] === 'node') commands.push(container.command);
      }
    }
  }
  return commands;
}

describe('Dockerfile', () => {
  it('installs, builds, keeps production dependencies and runs in four stages', () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['deps', 'build', 'prod-deps', 'runtime']);
    const base = stage('deps').from;
    expect(dockerfile.args[base.replace(/^\$\{?(\w+)\}?$/, '$1')]).toMatch(
      /^node:\d+-[a-z]+-slim$/,
    );
    expect(stage('build').from).toBe('deps');
    expect(stage('prod-deps').from).toBe(base);
    expect(stage('runtime').from).toBe(base);
  });

  it('installs every dependency from the lock file for the build', () => {
    expect(copies(stage('deps'))).toEqual(['package.json package-lock.json ./']);
    expect(runs(stage('deps'))).toHaveLength(1);
    expect(runs(stage('deps'))[0]).toMatch(/^npm ci(\s|$)/);
    expect(runs(stage('deps'))[0]).not.toMatch(/--omit|--production/);
  });

  it("builds with the shared builder's command, from every source it compiles", () => {
    expect(runs(stage('build'))).toEqual([IMAGE_BUILD_COMMAND]);
    const copied = copies(stage('build')).map((args) => args.split(/\s+/)[0]);
    const needed = [
      'tsconfig.base.json',
      ...new Set(
        [...IMAGE_SOURCES, 'tools/register.js', 'tools/build'].map((s) => s.split('/')[0]!),
      ),
    ];
    expect(copied.sort()).toEqual(needed.sort());
  });

  it('runs as a non-root user with production dependencies and the build only', () => {
    expect(runs(stage('prod-deps'))[0]).toMatch(/^npm ci --omit=dev(\s|$)/);
    const runtime = stage('runtime');
    expect(runs(runtime)).toEqual([]);
    expect(copies(runtime)).toEqual(
      expect.arrayContaining([
        '--from=prod-deps /app/node_modules ./node_modules',
        '--from=build /app/dist ./dist',
      ]),
    );
    expect(copies(runtime).filter((c) => c.startsWith('--from='))).toHaveLength(2);
    const user = runtime.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args;
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
    expect(runtime.instructions.findIndex((i) => i.keyword === 'USER')).toBeGreaterThan(
      runtime.instructions.findIndex((i) => i.keyword === 'COPY'),
    );
  });

  it('sends the build what it copies and not node_modules', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '.git', 'tmp']));
    const sent = [
      'package.json',
      'package-lock.json',
      'tsconfig.base.json',
      'tools',
      'libs',
      'apps',
      'config',
    ];
    for (const path of sent) {
      expect({
        path,
        ignoredBy: ignored.filter((p) => p === path || p === '*' || p === '**' || p === `${path}/`),
      }).toEqual({
        path,
        ignoredBy: [],
      });
    }
  });
});

describe("the image's build", () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'deploy-image-'));
    // The Dockerfile's own build command, into a scratch folder instead of dist/.
    const [node, ...args] = runs(stage('build'))[0]!.split(' ');
    expect(node).toBe('node');
    execFileSync(process.execPath, [...args, out], { cwd: ROOT, stdio: 'pipe' });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('has the script of every command compose and k8s run', () => {
    const scripts = [...new Set(imageCommands().map((c) => scriptOf(c)!))];
    expect(scripts.length).toBeGreaterThanOrEqual(7);
    for (const script of scripts) {
      expect({ script, built: existsSync(join(out, script.replace(/^dist\//, ''))) }).toEqual({
        script,
        built: true,
      });
    }
  });

  it('needs no package beyond the production dependencies at run time', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const builtins = new Set(builtinModules);
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      if (!file.endsWith('.js')) return;
      const code = readFileSync(file, 'utf8');
      for (const [, specifier] of code.matchAll(/require(?:\.resolve)?\("([^"]+)"\)/g)) {
        if (specifier!.startsWith('.')) {
          const base = join(dirname(file), specifier!);
          const target = [base, `${base}.js`, `${base}.json`, join(base, 'index.js')].find(
            (f) => existsSync(f) && !f.endsWith('/') && (f.endsWith('.js') || f.endsWith('.json')),
          );
          if (!target) throw new Error(`${file}: ${specifier} is not in the build`);
          visit(target);
        } else if (!specifier!.startsWith('node:') && !builtins.has(specifier!)) {
          const parts = specifier!.split('/');
          packages.add(specifier!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
        }
      }
    };
    for (const script of new Set(imageCommands().map((c) => scriptOf(c)!))) {
      visit(join(out, script.replace(/^dist\//, '')));
    }
    expect(packages.has('@nestjs/core')).toBe(true);
    expect([...packages].filter((p) => !(p in pkg.dependencies)).sort()).toEqual([]);
  });
});
