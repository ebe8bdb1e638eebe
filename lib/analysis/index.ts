export * from './mqtt-access';
