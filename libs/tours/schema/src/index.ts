export * from './lib/tables';
export * from './lib/migrations';
export { TOUR_SORT_FALLBACK } from './lib/migrations/202612041536_tours';
