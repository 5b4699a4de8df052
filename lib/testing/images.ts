// Test images made with sharp at run time (no binaries in the repository), and hostile files.
import { deflateSync } from "node:zlib";
import sharp from "sharp";

/** A width×height image in `format`, a different colour in each quadrant (so crops can be told apart). */
export async function testImage(
  format: "jpeg" | "png" | "webp" | "gif" | "tiff" | "avif",
  width = 400,
  height = 300,
  options: { exif?: boolean } = {},
): Promise<Buffer> {
  const halfW = Math.floor(width / 2);
  const halfH = Math.floor(height / 2);
  const block = (w: number, h: number, r: number, g: number, b: number) =>
    sharp({ create: { width: w, height: h, channels: 3, background: { r, g, b } } })
      .png()
      .toBuffer();
  let image = sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 255 } } }).composite([
    { input: await block(halfW, halfH, 255, 0, 0), left: 0, top: 0 },
    { input: await block(width - halfW, halfH, 0, 255, 0), left: halfW, top: 0 },
    { input: await block(halfW, height - halfH, 255, 255, 0), left: 0, top: halfH },
  ]);
  if (options.exif) {
    image = image
      .withExif({ IFD0: { Copyright: "secret-owner", ImageDescription: "taken at home" } })
      .withIccProfile("p3")
      .withXmp(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>',
      );
  }
  return image.toFormat(format).toBuffer();
}

/** An animated WebP: a red frame, then a green one. */
export async function animatedWebp(size = 64): Promise<Buffer> {
  const frame = (r: number, g: number) =>
    sharp({ create: { width: size, height: size, channels: 3, background: { r, g, b: 0 } } })
      .png()
      .toBuffer();
  return sharp([await frame(255, 0), await frame(0, 255)], { join: { animated: true } })
    .webp({ loop: 0, delay: [100, 100] })
    .toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A decompression bomb: a valid PNG of a few hundred bytes whose header declares
 * width×height pixels (a single compressed row of zeros stands for all of them).
 */
export function pngBomb(width = 100_000, height = 100_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(Buffer.alloc(width + 1))),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

export const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(1)</script>' +
    '<rect width="100" height="100" fill="red"/></svg>',
);
/** PHP source that a client named photo.png and declared as image/png. */
export const PHP_AS_PNG = Buffer.from('<?php system($_GET["cmd"]); ?>\n');
