/**
 * Why `sheet read` stops before judging a sheet: a photo that cannot be read, a board that cannot
 * be fetched or does not verify. Carries the exit code (1 invalid, 2 unreadable) and a message
 * naming the file, URL or folder.
 * @module
 */
export class SheetReadError extends Error {
  override readonly name = 'SheetReadError';
  constructor(
    readonly exitCode: 1 | 2,
    message: string,
  ) {
    super(message);
  }
}
