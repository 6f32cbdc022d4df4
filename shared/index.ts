/** The report system shared by the add-in, the worker and the command-line tools. */
export * from './catalog.ts';
export * from './grid.ts';
export * from './layout.ts';
export * from './money.ts';
export * from './read.ts';
export * from './schemas.ts';
export * from './validate.ts';
export * from './values.ts';
export * from './canonical.ts';
export * from './consolidate.ts';
export * from './progress.ts';
export * from './consolidated-layout.ts';
export * from './responses.ts';
export * from './client.ts';
export * from './time.ts';
export * from './trace.ts';
export * from './areas.ts';
