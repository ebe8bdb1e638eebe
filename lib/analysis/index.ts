export * from './mqtt-access';
export * from './reachability';
