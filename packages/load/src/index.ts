/**
 * Evident's load generators and benchmarks, kept out of the published packages (issue 13 item
 * 10): `npm run bench:*` scripts run the compiled files of this workspace.
 * @module
 */
export {};
