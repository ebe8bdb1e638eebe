export * from './kubernetes-reader';
export * from './arm-reader';
