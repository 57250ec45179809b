/**
 * What every gongkai process (the service, the CLI) opens the same way: its configuration (environment
 * variables, validated), the files of the data directory, and the token store.
 */
export * from './config/config.schema';
export * from './config/sink-targets';
export * from './open-event-store';
export * from './service-database';
export * from './tokens/token-scope';
export * from './tokens/publish-scope';
export * from './tokens/token-store';
export * from './tokens/bootstrap-admin';
