/**
 * A tiny JPEG per user for `jpegPhoto` (base64, as UDM writes it): start-of-image, a JFIF header, a
 * comment naming the user (so photos differ) and end-of-image. Enough for anything that checks the
 * JPEG magic; small, so the benchmark measures provisioning rather than base64 throughput.
 */
export function tinyJpegBase64(comment: string): string {
  const text = Buffer.from(comment, 'utf8').subarray(0, 200);
  const jfif = Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
    0x00,
  ]);
  const commentHeader = Buffer.from([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff]);
  const end = Buffer.from([0xff, 0xd9]);
  return Buffer.concat([jfif, commentHeader, text, end]).toString('base64');
}
