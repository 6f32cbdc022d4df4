/** .xlsx files in and out (fflate + SpreadsheetML), kept apart from the rest of shared/ so only code that needs it bundles it. */
export * from './read.ts';
export * from './write.ts';
