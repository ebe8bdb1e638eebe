export * from './types';
export * from './deployment-index';
export * from './engine';
export * from './registry';
