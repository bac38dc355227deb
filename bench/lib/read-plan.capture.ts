import {
  CamelCasePlugin,
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  Kysely,
  PostgresDialect,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import { createPool } from '@waypost/shared/db';
import { PlacesDatabase } from '@waypost/places/schema';
import {
  PlaceReadRepository,
  PointOfInterestReadRepository,
} from '@waypost/places/data-access/read';
import { Gazetteer } from '@waypost/places/gazetteer';
import { loadPlacesApiConfig } from '../../apps/places-api/src/places-api.config';
import { PlacesService } from '../../apps/places-api/src/places.service';
import { PointsOfInterestService } from '../../apps/places-api/src/points-of-interest.service';
import { EndpointName, READ_ENDPOINTS } from './read.endpoints';

/** One statement as places-api sends it to PostgreSQL. */
export interface CapturedStatement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/**
 * What places-api does for one request: groups of statements, one group after another, the
 * statements of a group at the same time (`Promise.all`), in the order they were issued.
 */
export interface ReadPlan {
  readonly endpoint: EndpointName;
  readonly path: string;
  readonly groups: readonly (readonly CapturedStatement[])[];
}

/** Numbers the statements' groups: a statement issued while none is running starts a new group. */
class StatementRecorder {
  readonly groups: CapturedStatement[][] = [];
  private running = 0;

  begin(): number {
    if (this.running++ === 0) this.groups.push([]);
    return this.groups.length - 1;
  }

  end(): void {
    this.running -= 1;
  }
}

/** Kysely's PostgreSQL dialect, with every statement recorded on its way out. */
class RecordingDialect extends PostgresDialect {
  constructor(
    private readonly recorder: StatementRecorder,
    config: ConstructorParameters<typeof PostgresDialect>[0],
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new RecordingDriver(super.createDriver(), this.recorder);
  }
}

class RecordingConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly group: CapturedStatement[],
  ) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    this.group.push({ sql: query.sql, parameters: [...query.parameters] });
    return this.inner.executeQuery<R>(query);
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class RecordingDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly recorder: StatementRecorder,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // Kysely acquires synchronously in the caller's order, so concurrent calls share a group.
    const group = this.recorder.groups[this.recorder.begin()]!;
    return new RecordingConnection(await this.inner.acquireConnection(), group);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.recorder.end();
    await this.inner.releaseConnection((connection as RecordingConnection).inner);
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction((connection as RecordingConnection).inner, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction((connection as RecordingConnection).inner);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction((connection as RecordingConnection).inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/**
 * Records the SQL places-api's services issue for each bench endpoint, so the minimal baseline
 * runs exactly the same statements with the same parameters in the same order.
 */
export async function captureReadPlans(
  databaseUrl: string,
  publicBaseUrl: string,
): Promise<ReadPlan[]> {
  const recorder = new StatementRecorder();
  const dialect: Dialect = new RecordingDialect(recorder, {
    pool: createPool({ url: databaseUrl }),
  });
  const db = new Kysely<PlacesDatabase>({ dialect, plugins: [new CamelCasePlugin()] });
  const config = loadPlacesApiConfig({ DATABASE_URL: databaseUrl, PUBLIC_BASE_URL: publicBaseUrl });
  const placeRepository = new PlaceReadRepository(db);
  const places = new PlacesService(placeRepository, new Gazetteer(db), config);
  const pointsOfInterest = new PointsOfInterestService(
    new PointOfInterestReadRepository(db),
    placeRepository,
    config,
  );
  const handlers: Record<EndpointName, (path: string) => Promise<unknown>> = {
    children: (path) => places.childrenOf('country-de', path),
    'poi-page': (path) => pointsOfInterest.list(path),
    'poi-page-small': (path) => pointsOfInterest.list(path),
    'poi-page-city': (path) => pointsOfInterest.list(path),
    near: (path) => places.list(path),
    'place-ancestors': (path) => places.get('city-2950159', path),
  };
  try {
    const plans: ReadPlan[] = [];
    for (const endpoint of READ_ENDPOINTS) {
      const first = recorder.groups.length;
      await handlers[endpoint.name](endpoint.path);
      plans.push({
        endpoint: endpoint.name,
        path: endpoint.path,
        groups: recorder.groups.slice(first),
      });
    }
    return plans;
  } finally {
    await db.destroy();
  }
}
