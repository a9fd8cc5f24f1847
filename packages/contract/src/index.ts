export * from './common';
export * from './identifiers/personal-code';
export * from './identifiers/registration-number';
export * from './problems';
export * from './register/life-event';
export * from './register/names';
export * from './register/person';
export * from './register/scopes';
