/**
 * Raw tar archives for hostile-input tests: headers written byte by byte, because a tar library refuses to write the
 * members these tests need (`../x` names, absolute paths, links, a size field claiming 10 GB).
 */
import { gzipSync } from 'node:zlib';

export interface RawMember {
  name: string;
  body?: Buffer | string;
  /** Typeflag: '0' file (default), '2' symlink, '1' hard link, '5' folder, '3' character device. */
  type?: string;
  linkname?: string;
  /** The size the header claims; default the body's. Above 8 GiB it is written base-256, as GNU tar does. */
  claimedSize?: number;
}

const BLOCK = 512;

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value.slice(0, length), offset, length, 'utf8');
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  writeString(header, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

function writeSize(header: Buffer, size: number): void {
  if (size < 8 ** 11) {
    writeOctal(header, 124, 12, size);
    return;
  }
  header[124] = 0x80;
  let rest = BigInt(size);
  for (let i = 135; i > 124; i -= 1) {
    header[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

function rawHeader(member: RawMember): Buffer {
  const header = Buffer.alloc(BLOCK);
  const body = Buffer.from(member.body ?? '');
  writeString(header, 0, 100, member.name);
  writeOctal(header, 100, 8, member.type === '5' ? 0o755 : 0o644);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeSize(header, member.claimedSize ?? body.length);
  writeOctal(header, 136, 12, Math.floor(Date.parse('2026-05-04T09:30:00Z') / 1000));
  header.fill(' ', 148, 156);
  writeString(header, 156, 1, member.type ?? '0');
  writeString(header, 157, 100, member.linkname ?? '');
  writeString(header, 257, 6, 'ustar\0');
  writeString(header, 263, 2, '00');
  let sum = 0;
  for (const byte of header) sum += byte;
  writeString(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

/** A tar stream of `members` (bodies padded to whole blocks) and the two zero blocks that end it. */
function rawTar(members: RawMember[]): Buffer {
  const parts: Buffer[] = [];
  for (const member of members) {
    const body = Buffer.from(member.body ?? '');
    parts.push(rawHeader(member), body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

export function rawTarGz(members: RawMember[]): Buffer {
  return gzipSync(rawTar(members));
}
