export { urlProvider } from './url/url-provider.ts';
export {
  containerProvider,
  containerEngineAvailable,
  CONTAINER_IMAGES,
} from './container/container-provider.ts';
export { localProvider } from './local/local-provider.ts';
export { defaultStrategies, provideDatabase, provideDatabases } from './resolve.ts';
export type { ProvideDatabasesOptions, ResolveOptions, StartedDatabases } from './resolve.ts';
export { safeUrl } from './safe-url.ts';
