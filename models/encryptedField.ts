/**
 * An encrypted field as stored: key id, 96-bit IV, GCM tag, ciphertext
 * (base64). The shape the data layer keeps; services/crypto/fieldCipher.ts
 * makes and opens it.
 */
export interface EncryptedField {
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}
