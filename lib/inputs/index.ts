export * from './kubernetes-reader';
export * from './arm-reader';
export * from './waivers-file';
