import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bumped if the on-disk envelope ever changes, so old values stay readable. */
const ENVELOPE = 'v1';

export class DecryptError extends Error {}

/**
 * AES-256-GCM over whole values, plus a keyed hash for record keys: with both, the database
 * file holds neither a member's data nor their Discord id in readable form.
 */
export class Codec {
  readonly #key: Buffer;
  readonly #keyForIds: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the encryption key must be 32 bytes');
    this.#key = key;
    // A separate subkey, so the id hash can never be confused with ciphertext made by the same key.
    this.#keyForIds = createHmac('sha256', key).update('secure-base record ids').digest();
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${ENVELOPE}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(value: string): string {
    if (!value.startsWith(`${ENVELOPE}:`)) throw new DecryptError('not an encrypted value');
    const raw = Buffer.from(value.slice(ENVELOPE.length + 1), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new DecryptError('value is truncated');
    try {
      const decipher = createDecipheriv(ALGORITHM, this.#key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      // GCM's final() adds no bytes, it only checks the tag (and throws if it does not match), so the
      // text is what update() returned. Decoded once from the Buffer: asking update() for 'utf8' makes
      // Node build a StringDecoder per value, a measurable part of a start-up scan of every record.
      const body = decipher.update(raw.subarray(IV_BYTES + TAG_BYTES));
      decipher.final();
      return body.toString('utf8');
    } catch {
      throw new DecryptError('value could not be decrypted (wrong key or damaged data)');
    }
  }

  /**
   * A copy of the key, only to hand to a worker thread in memory (the parallel start-up scan,
   * src/store/parallel-scan.ts), which zeroes what it was given; never to be written anywhere.
   */
  copyKey(): Uint8Array {
    return new Uint8Array(this.#key);
  }

  /** Stable, non-reversible record key for an id. */
  hashId(id: string): string {
    return createHmac('sha256', this.#keyForIds).update(id).digest('base64url').slice(0, 32);
  }
}

export function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('the encryption key must be 32 bytes (base64 or hex)');
  return key;
}
