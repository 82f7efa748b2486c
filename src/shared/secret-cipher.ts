/**
 * Authenticated encryption for secrets at rest (api.md 16.4): AES-256-GCM with a key derived from
 * `OH_SECRET_KEY` by SHA-256. A token is `oh1:` + base64url(iv | tag | ciphertext). A token that
 * fails authentication (a changed key, a tampered file) decrypts to null, never to garbage.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'oh1:';

export class SecretCipher {
  private readonly key: Buffer;

  constructor(secretKey: string) {
    this.key = createHash('sha256').update(secretKey, 'utf8').digest();
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
  }

  decrypt(token: string): string | null {
    if (!token.startsWith(PREFIX)) return null;
    try {
      const bytes = Buffer.from(token.slice(PREFIX.length), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null; // authentication failed: wrong key or altered data
    }
  }
}
