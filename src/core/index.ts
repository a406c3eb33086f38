export * from './check-result.ts';
export * from './dialect.ts';
export * from './errors.ts';
export * from './evidence.ts';
export * from './provider.ts';
export * from './canonical.ts';
export * from './source.ts';
