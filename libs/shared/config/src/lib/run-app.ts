import { ConfigError } from './env';

/** What an app's factory returns: something that listens (a Nest application). */
export interface ListeningApp {
  listen(port: number, host: string): Promise<unknown>;
}

/**
 * Every app's `main.ts`: reads its settings from the environment once, builds the app and listens
 * on all interfaces; a bad setting stops it with the variable's name, anything else with the error.
 */
export function runApp<C extends { readonly port: number }>(
  loadConfig: (env: NodeJS.ProcessEnv) => C,
  createApp: (config: C) => Promise<ListeningApp>,
): Promise<void> {
  return (async () => {
    const config = loadConfig(process.env);
    const app = await createApp(config);
    await app.listen(config.port, '0.0.0.0');
  })().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
