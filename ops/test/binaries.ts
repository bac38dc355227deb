import { execFileSync } from 'node:child_process';

/**
 * The absolute path of a binary on PATH, or an error naming the Debian package that ships it
 * (`.ci/run` installs them; these tests never skip).
 */
export function requireBinary(name: string, debianPackage: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${name} is not on PATH: apt-get install ${debianPackage}`);
  }
}
