/**
 * QR reading from images, as the scan module provides it.
 * @module
 */
export { readCodes, type ScannedCode } from '../scan/read-codes.js';
