export * from './json';
export * from './text';
export * from './verdict';
