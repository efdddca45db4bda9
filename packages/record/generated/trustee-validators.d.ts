/** GENERATED with ./trustee-validators.js — do not edit. */
/** A validator: true or false, and the first problem in `errors`. */
export type Validate = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; keyword: string; message?: string; params?: Record<string, unknown> }[] | null;
};
/** What the code calls: the hex patterns' tester and Ajv's run-time helpers, by name. */
export interface ValidatorHelpers {
  readonly patternTester: (pattern: string, flags?: string) => { test(s: string): boolean };
  readonly ucs2length: unknown;
}
/** The validator of each schema by file name without `.schema.json`. */
export declare function validators(helpers: ValidatorHelpers): Readonly<Record<string, Validate>>;
