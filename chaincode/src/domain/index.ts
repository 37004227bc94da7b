// The pure domain layer of the chaincode: no Fabric, no I/O, no clock, no randomness.
export * from './errors';
export * from './error-wire';
export * from './canonical-json';
export * from './time';
export * from './uscc';
export * from './pii';
export * from './actors';
export * from './access';
export * from './ownership';
export * from './fields';
export * from './validation';
export * from './stage-machine';
export * from './contract';
export * from './owner';
export * from './arrears';
export * from './funnel';
export * from './keys';
export { renderAccessTable } from './access-doc';
