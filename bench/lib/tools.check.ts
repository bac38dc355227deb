import { execFileSync } from 'node:child_process';

/** The external programs the bench drives, and the Debian package each comes from. */
const TOOLS = { wrk: 'wrk', nginx: 'nginx-light', psql: 'postgresql-client' } as const;
export type Tool = keyof typeof TOOLS;

const has = (binary: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/**
 * Which tools are there, installing the missing ones with apt-get where we can (Debian, as root),
 * as `npm start` installs PostGIS. `say` reports what happens.
 */
export function ensureTools(say: (line: string) => void): Record<Tool, boolean> {
  const missing = (Object.keys(TOOLS) as Tool[]).filter((tool) => !has(tool));
  const isRoot = process.getuid?.() === 0;
  if (missing.length > 0 && isRoot && has('apt-get')) {
    const packages = missing.map((tool) => TOOLS[tool]).join(' ');
    say(`installing ${packages} with apt-get`);
    try {
      execFileSync(
        'sh',
        [
          '-c',
          `apt-get install -y -qq ${packages} >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq ${packages} >/dev/null)`,
        ],
        { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
      );
    } catch {
      say(`could not install ${packages}`);
    }
  }
  const found = { wrk: has('wrk'), nginx: has('nginx'), psql: has('psql') };
  for (const tool of Object.keys(found) as Tool[]) {
    if (!found[tool]) say(`${tool} is missing (Debian: apt-get install -y ${TOOLS[tool]})`);
  }
  return found;
}
