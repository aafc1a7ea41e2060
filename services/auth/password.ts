import argon2 from 'argon2';

/**
 * argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).
 * Tests may lower them through {@link PasswordHasher}'s options.
 */
export interface PasswordCost {
  memoryCost: number;
  timeCost: number;
}

export const DEFAULT_PASSWORD_COST: PasswordCost = { memoryCost: 19456, timeCost: 2 };

/** Minimum length: long passphrases beat composition rules (NIST SP 800-63B). */
export const MIN_PASSWORD_LENGTH = 12;

/** Hashes and verifies staff passwords with argon2id. */
export class PasswordHasher {
  constructor(private readonly cost: PasswordCost = DEFAULT_PASSWORD_COST) {}

  /** The encoded argon2id hash (salt and parameters included). */
  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, memoryCost: this.cost.memoryCost, timeCost: this.cost.timeCost, parallelism: 1 });
  }

  /** True when the password matches; false for a malformed hash. */
  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }
}
