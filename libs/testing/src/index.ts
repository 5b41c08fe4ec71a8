export * from './ports';
export * from './process';
export * from './redis';
export * from './jaeger';
export * from './prometheus';
// The Jaeger query client lives with the code that reads verdicts from it.
export * from '@hoptrace/trace-verdict';
export * from './system';
export * from './sentinel';
