export * from './json';
export * from './text';
