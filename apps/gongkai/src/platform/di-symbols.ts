/** DI tokens of the ports and shared objects the service's modules receive. */
export const CONFIG = Symbol('CONFIG');
export const LOGGER = Symbol('LOGGER');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const INTEGRITY = Symbol('INTEGRITY');
export const TOKEN_STORE = Symbol('TOKEN_STORE');
export const ACCESS_LOG = Symbol('ACCESS_LOG');
export const METRICS = Symbol('METRICS');
export const READ_MODELS = Symbol('READ_MODELS');
export const SINKS = Symbol('SINKS');
export const KAFKA_FEED = Symbol('KAFKA_FEED');
export const CALENDAR = Symbol('CALENDAR');
export const CLOCK = Symbol('CLOCK');
export const SUBSCRIPTIONS = Symbol('SUBSCRIPTIONS');
