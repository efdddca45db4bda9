/**
 * RGBA rasters and the two photo file formats the station reads: PNG (pngjs) and JPEG (jpeg-js),
 * both pure JavaScript so that a station decodes photos with no native image library.
 * @module
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** An image as 8-bit RGBA samples, row by row (the layout of the browser's ImageData). */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** A photo file that is neither a readable PNG nor a readable JPEG. */
export class ImageFormatError extends Error {
  override readonly name = 'ImageFormatError';
}

/** Largest photo accepted, in pixels (a 48-megapixel phone photo), so a bad file cannot exhaust memory. */
export const MAX_PIXELS = 48_000_000;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The image format named by the file's first bytes, or undefined. */
export function imageFormat(bytes: Uint8Array): 'png' | 'jpeg' | undefined {
  if (bytes.length >= 8 && PNG_MAGIC.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

/**
 * Decodes PNG or JPEG file bytes to RGBA.
 * @throws {ImageFormatError} when the bytes are neither format, or the file is damaged or too large
 */
export function decodeImage(bytes: Uint8Array): Raster {
  const format = imageFormat(bytes);
  if (format === undefined) throw new ImageFormatError('not a PNG or JPEG file');
  if (format === 'png' && bytes.length >= 24) {
    // the IHDR chunk's size, before pngjs allocates for it
    const v = new DataView(bytes.buffer, bytes.byteOffset, 24);
    if (v.getUint32(16) * v.getUint32(20) > MAX_PIXELS)
      throw new ImageFormatError('image larger than 48 megapixels');
  }
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img =
      format === 'png'
        ? PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length))
        : jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6 });
  } catch (e) {
    throw new ImageFormatError(`damaged ${format.toUpperCase()} file: ${(e as Error).message}`);
  }
  if (img.width * img.height > MAX_PIXELS) throw new ImageFormatError('image larger than 48 megapixels');
  return {
    width: img.width,
    height: img.height,
    data: new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.width * img.height * 4),
  };
}

/** Encodes a raster as a PNG file. */
export function encodePng(r: Raster): Uint8Array {
  const png = new PNG({ width: r.width, height: r.height });
  png.data = Buffer.from(r.data.buffer, r.data.byteOffset, r.data.length);
  return new Uint8Array(PNG.sync.write(png));
}

/**
 * Encodes a raster as a JPEG file.
 * @param quality 1–100
 */
export function encodeJpeg(r: Raster, quality: number): Uint8Array {
  const out = jpeg.encode({ width: r.width, height: r.height, data: r.data }, quality);
  return new Uint8Array(out.data);
}

/** A blank raster of one grey level. */
export function blankRaster(width: number, height: number, grey = 255): Raster {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = data[i + 1] = data[i + 2] = grey;
    data[i + 3] = 255;
  }
  return { width, height, data };
}

/** A copy of the raster (variants are painted on copies, never on the caller's image). */
export function copyRaster(r: Raster): Raster {
  return { width: r.width, height: r.height, data: new Uint8ClampedArray(r.data) };
}

/** Luminance (ITU-R BT.601 weights) of every pixel. */
export function luminance(r: Raster): Uint8ClampedArray {
  const out = new Uint8ClampedArray(r.width * r.height);
  for (let p = 0, i = 0; p < out.length; p++, i += 4)
    out[p] = (r.data[i]! * 77 + r.data[i + 1]! * 150 + r.data[i + 2]! * 29) >> 8;
  return out;
}

/** A grey raster from luminance values. */
export function fromLuminance(width: number, height: number, grey: Uint8ClampedArray): Raster {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0, i = 0; p < grey.length; p++, i += 4) {
    data[i] = data[i + 1] = data[i + 2] = grey[p]!;
    data[i + 3] = 255;
  }
  return { width, height, data };
}
