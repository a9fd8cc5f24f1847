import { Type } from 'typebox';

/** Calendar date `YYYY-MM-DD`. */
export const DateString = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'Calendar date, YYYY-MM-DD',
});

/** Environments: two datasets in one deployment; a credential of one never reads the other. */
export const environments = ['test', 'production'] as const;
export type Environment = (typeof environments)[number];
export const EnvironmentSchema = Type.Enum(environments, { description: 'Environment: test or production' });

/** Personal code as printed: 6 digits, hyphen, 5 digits (hyphen optional on input). */
export const PersonalCodeString = Type.String({
  pattern: '^\\d{6}-?\\d{5}$',
  description: 'Personal code (personas kods), 11 digits, hyphen after the 6th optional on input',
});
