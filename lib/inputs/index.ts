export * from './kubernetes-reader';
