// The request bodies live in scripts/fixtures.ts (the benchmarks use them too).
export * from '../../../scripts/fixtures';
