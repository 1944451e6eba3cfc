// Gzip decoding (RFC 1952 around RFC 1951's DEFLATE), synchronous, for the site's .gz assets
// (web/loader.js). The browser's DecompressionStream is asynchronous: on a loaded page its chunks
// wait behind the WebAssembly start and the first frames, which held the digits back by 300 ms
// (issue 17: the first useful frame). This decodes ~60 KB in a few milliseconds, checks the CRC-32
// and the length, and throws an Error with the reason on a damaged or truncated file.
// window.labGunzip(Uint8Array) -> Uint8Array.
(function (root) {
  'use strict';

  // DEFLATE's length and distance codes: base values and extra bits (RFC 1951, 3.2.5).
  const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
                       131, 163, 195, 227, 258];
  const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
                     2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
  const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
  // The order the code length code lengths are sent in (3.2.7).
  const CLEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
  const MAX_BITS = 15;

  // The input as a bit stream, least significant bit first.
  function BitReader(bytes, pos, end) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
    this.buf = 0;    // bits not used yet
    this.count = 0;  // how many
  }
  BitReader.prototype.bits = function (n) {
    let buf = this.buf;
    while (this.count < n) {
      if (this.pos >= this.end) throw new Error('the file is truncated');
      buf |= this.bytes[this.pos++] << this.count;
      this.count += 8;
    }
    this.buf = buf >>> n;
    this.count -= n;
    return buf & ((1 << n) - 1);
  };
  BitReader.prototype.alignToByte = function () {
    this.buf = 0;
    this.count = 0;
  };

  // A canonical Huffman code from its code lengths: how many codes of each length, and the
  // symbols in code order (3.2.2). Decoding walks the lengths one bit at a time.
  function Huffman(lengths) {
    this.count = new Uint16Array(MAX_BITS + 1);
    this.symbol = new Uint16Array(lengths.length);
    for (let i = 0; i < lengths.length; ++i) this.count[lengths[i]]++;
    this.count[0] = 0;
    const offset = new Uint16Array(MAX_BITS + 2);
    for (let len = 1; len <= MAX_BITS; ++len) offset[len + 1] = offset[len] + this.count[len];
    for (let i = 0; i < lengths.length; ++i) if (lengths[i]) this.symbol[offset[lengths[i]]++] = i;
  }
  Huffman.prototype.decode = function (input) {
    let code = 0, first = 0, index = 0;
    for (let len = 1; len <= MAX_BITS; ++len) {
      code |= input.bits(1);
      const n = this.count[len];
      if (code - first < n) return this.symbol[index + code - first];
      index += n;
      first = (first + n) << 1;
      code <<= 1;
    }
    throw new Error('the file is damaged (no such Huffman code)');
  };

  function fixedCodes() {
    const lit = new Uint8Array(288);
    lit.fill(8, 0, 144); lit.fill(9, 144, 256); lit.fill(7, 256, 280); lit.fill(8, 280, 288);
    return { lit: new Huffman(lit), dist: new Huffman(new Uint8Array(30).fill(5)) };
  }
  let fixed = null;

  function dynamicCodes(input) {
    const nlit = input.bits(5) + 257, ndist = input.bits(5) + 1, nclen = input.bits(4) + 4;
    if (nlit > 286 || ndist > 30) throw new Error('the file is damaged (too many codes)');
    const clen = new Uint8Array(19);
    for (let i = 0; i < nclen; ++i) clen[CLEN_ORDER[i]] = input.bits(3);
    const clenCode = new Huffman(clen);
    const lengths = new Uint8Array(nlit + ndist);
    for (let i = 0; i < nlit + ndist;) {
      const sym = clenCode.decode(input);
      if (sym < 16) { lengths[i++] = sym; continue; }
      let repeat, value = 0;
      if (sym === 16) {
        if (i === 0) throw new Error('the file is damaged (a repeat with nothing before it)');
        value = lengths[i - 1];
        repeat = 3 + input.bits(2);
      } else {
        repeat = sym === 17 ? 3 + input.bits(3) : 11 + input.bits(7);
      }
      if (i + repeat > nlit + ndist) throw new Error('the file is damaged (too many code lengths)');
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    return { lit: new Huffman(lengths.subarray(0, nlit)), dist: new Huffman(lengths.subarray(nlit)) };
  }

  // Output that grows as needed (the gzip trailer's size is only a hint until checked).
  function Output(size) {
    this.bytes = new Uint8Array(Math.max(size, 1024));
    this.length = 0;
  }
  Output.prototype.room = function (n) {
    if (this.length + n <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  };

  function inflateBlock(input, out, codes) {
    for (;;) {
      const sym = codes.lit.decode(input);
      if (sym < 256) {
        out.room(1);
        out.bytes[out.length++] = sym;
      } else if (sym === 256) {
        return;
      } else {
        const l = sym - 257;
        if (l >= 29) throw new Error('the file is damaged (bad length code)');
        const len = LENGTH_BASE[l] + input.bits(LENGTH_EXTRA[l]);
        const d = codes.dist.decode(input);
        if (d >= 30) throw new Error('the file is damaged (bad distance code)');
        const dist = DIST_BASE[d] + input.bits(DIST_EXTRA[d]);
        if (dist > out.length) throw new Error('the file is damaged (a distance before the start)');
        out.room(len);
        const b = out.bytes;
        for (let k = 0, from = out.length - dist; k < len; ++k) b[out.length++] = b[from + k];
      }
    }
  }

  function inflate(input, out) {
    let last;
    do {
      last = input.bits(1);
      const type = input.bits(2);
      if (type === 0) {
        input.alignToByte();
        if (input.pos + 4 > input.end) throw new Error('the file is truncated');
        const b = input.bytes, p = input.pos;
        const len = b[p] | (b[p + 1] << 8), nlen = b[p + 2] | (b[p + 3] << 8);
        if ((len ^ 0xffff) !== nlen) throw new Error('the file is damaged (stored block length)');
        if (p + 4 + len > input.end) throw new Error('the file is truncated');
        out.room(len);
        out.bytes.set(b.subarray(p + 4, p + 4 + len), out.length);
        out.length += len;
        input.pos = p + 4 + len;
      } else if (type === 1) {
        inflateBlock(input, out, fixed || (fixed = fixedCodes()));
      } else if (type === 2) {
        inflateBlock(input, out, dynamicCodes(input));
      } else {
        throw new Error('the file is damaged (block type 3)');
      }
    } while (!last);
  }

  let crcTable = null;
  function crc32(bytes, n) {
    if (!crcTable) {
      crcTable = new Int32Array(256);
      for (let i = 0; i < 256; ++i) {
        let c = i;
        for (let k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        crcTable[i] = c;
      }
    }
    let c = -1;
    for (let i = 0; i < n; ++i) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ -1) >>> 0;
  }

  const u32 = function (b, p) { return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0; };

  // One gzip member: header (RFC 1952, 2.3), DEFLATE data, CRC-32 and length of the output.
  function gunzip(bytes) {
    if (!(bytes instanceof Uint8Array)) throw new Error('gunzip: expected a Uint8Array');
    if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new Error('not a gzip file');
    if (bytes[2] !== 8) throw new Error('gzip: unknown compression method ' + bytes[2]);
    const flags = bytes[3];
    let p = 10;
    if (flags & 4) p += 2 + (bytes[p] | (bytes[p + 1] << 8));   // FEXTRA
    for (const bit of [8, 16]) {                                  // FNAME, FCOMMENT: zero-terminated
      if (flags & bit) {
        while (p < bytes.length && bytes[p] !== 0) ++p;
        ++p;
      }
    }
    if (flags & 2) p += 2;                                        // FHCRC
    if (p + 8 > bytes.length) throw new Error('the file is truncated');
    const end = bytes.length - 8;
    const out = new Output(u32(bytes, end + 4));
    const input = new BitReader(bytes, p, end);
    inflate(input, out);
    if (crc32(out.bytes, out.length) !== u32(bytes, end)) throw new Error('the file is damaged (CRC-32 mismatch)');
    if ((out.length >>> 0) !== u32(bytes, end + 4)) throw new Error('the file is damaged (length mismatch)');
    return out.bytes.subarray(0, out.length);
  }

  root.labGunzip = gunzip;
})(typeof window !== 'undefined' ? window : globalThis);
