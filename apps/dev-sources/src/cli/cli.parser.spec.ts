import { CliUsageError, parseCli } from './cli.parser';

const config = { cmsDatabaseUrl: 'postgres://postgres@127.0.0.1:5432/cms' };

describe('parseCli', () => {
  it('parses seed with its defaults and options', () => {
    expect(parseCli(['seed'], config)).toEqual({
      name: 'seed',
      databaseUrl: config.cmsDatabaseUrl,
      pois: 2000,
      force: false,
    });
    expect(
      parseCli(
        ['seed', '--pois', '1000000', '--force', '--database-url', 'postgres://h:5432/cms_bench'],
        config,
      ),
    ).toEqual({
      name: 'seed',
      databaseUrl: 'postgres://h:5432/cms_bench',
      pois: 1_000_000,
      force: true,
    });
  });

  it('parses mutate with its defaults and options', () => {
    expect(parseCli(['mutate'], config)).toEqual({
      name: 'mutate',
      databaseUrl: config.cmsDatabaseUrl,
      changes: 10,
      inserts: 5,
      deletes: 2,
      seed: null,
    });
    expect(
      parseCli(['mutate', '--changes=3', '--inserts=0', '--seed', '42'], config),
    ).toMatchObject({ changes: 3, inserts: 0, deletes: 2, seed: 42 });
  });

  it('answers help with no command or --help', () => {
    expect(parseCli([], config)).toEqual({ name: 'help' });
    expect(parseCli(['seed', '--help'], config)).toEqual({ name: 'help' });
  });

  it.each([
    [['serve'], /unknown command "serve"/],
    [['seed', '--pois', '-3'], /--pois/],
    [['seed', '--pois', 'many'], /--pois must be an integer/],
    [['seed', '--changes', '3'], /seed does not take --changes/],
    [['mutate', '--force'], /mutate does not take --force/],
    [['seed', '--bogus'], /bogus/],
    [['seed', 'extra'], /unexpected arguments: extra/],
    [['seed', '--database-url', 'http://x/cms'], /--database-url must be/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCli(argv, config)).toThrow(CliUsageError);
    expect(() => parseCli(argv, config)).toThrow(message);
  });
});
