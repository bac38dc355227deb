import { ConfigError } from '@waypost/shared/config';
import { loadDevSourcesConfig } from './config/dev-sources.config';
import { CliUsageError, USAGE, parseCli } from './cli/cli.parser';
import { runMutate } from './commands/mutate.command';
import { runSeed } from './commands/seed.command';
import { startServe } from './commands/serve.command';
import { loadGeographyInputs } from './geography/geography.loader';

const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: readonly string[]): Promise<void> {
  const command = parseCli(argv, loadDevSourcesConfig(process.env));
  switch (command.name) {
    case 'help':
      out(USAGE);
      return;
    case 'seed':
      await runSeed(command, { loadGeography: loadGeographyInputs, out });
      return;
    case 'mutate':
      await runMutate(command, out);
      return;
    case 'serve': {
      const serving = await startServe(command, out);
      const stop = () => void serving.stop().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return;
    }
  }
}

function describeError(error: unknown): string {
  if (error instanceof CliUsageError) return `${error.message}\n\n${USAGE}`;
  if (error instanceof ConfigError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${describeError(error)}\n`);
  process.exitCode = 1;
});
