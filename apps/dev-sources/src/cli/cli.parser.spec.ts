import { CliUsageError, parseCli } from './cli.parser';

const config = { cmsDatabaseUrl: 'postgres://postgres@127.0.0.1:5432/cms', port: 3900 };

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

  it('parses serve with its defaults and options', () => {
    expect(parseCli(['serve'], config)).toMatchObject({
      name: 'serve',
      port: 3900,
      posts: 300,
      mutateEverySeconds: 30,
      edits: 3,
    });
    expect(
      parseCli(
        ['serve', '--port=0', '--posts', '5000', '--mutate-every', '0', '--edits=1'],
        config,
      ),
    ).toMatchObject({ name: 'serve', port: 0, posts: 5000, mutateEverySeconds: 0, edits: 1 });
  });

  it('parses the book feed size and the CMS the Google stand-in reads for serve', () => {
    expect(parseCli(['serve'], config)).toMatchObject({
      books: 2000,
      cmsDatabaseUrl: config.cmsDatabaseUrl,
    });
    expect(
      parseCli(['serve', '--books=100000', '--database-url', 'postgres://h/cms2'], config),
    ).toMatchObject({ books: 100_000, cmsDatabaseUrl: 'postgres://h/cms2' });
    expect(() => parseCli(['serve', '--books', 'lots'], config)).toThrow(
      /--books must be an integer/,
    );
    expect(() => parseCli(['serve', '--database-url', 'mysql://h/cms'], config)).toThrow(
      /--database-url must be postgres/,
    );
  });

  it("parses the partner stand-ins' sizes for serve", () => {
    expect(parseCli(['serve'], config)).toMatchObject({
      lodgingCities: 1000,
      lodgingProperties: 30_000,
      viatorProducts: 3000,
      gadventuresDossiers: 400,
    });
    expect(
      parseCli(['serve', '--lodging-cities', '20', '--lodging-properties=300000'], config),
    ).toMatchObject({ lodgingCities: 20, lodgingProperties: 300_000 });
    expect(
      parseCli(['serve', '--viator-products=10', '--gadventures-dossiers', '5'], config),
    ).toMatchObject({ viatorProducts: 10, gadventuresDossiers: 5 });
    expect(() => parseCli(['serve', '--lodging-properties', 'many'], config)).toThrow(
      /--lodging-properties must be an integer/,
    );
  });

  it('answers help with no command or --help', () => {
    expect(parseCli([], config)).toEqual({ name: 'help' });
    expect(parseCli(['seed', '--help'], config)).toEqual({ name: 'help' });
  });

  it.each([
    [['serve-all'], /unknown command "serve-all"/],
    [['serve', '--pois', '10'], /serve does not take --pois/],
    [['serve', '--port', '70000'], /--port must be an integer from 0 to 65535/],
    [['mutate', '--posts', '3'], /mutate does not take --posts/],
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
