import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';

const SETTING = 'jwt_signing_key';

/**
 * The key that signs access tokens: JWT_SECRET, or one generated on first start and kept in the
 * database. Held as a secret KeyObject: given a string, the JWT library first tries it as a PEM
 * public key and builds a key on every request (a twentieth of an event's CPU, measured).
 */
@Injectable()
export class SigningKeyService {
  private key?: KeyObject;

  constructor(
    private readonly env: Environment,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async signingKey(): Promise<KeyObject> {
    if (this.key) return this.key;
    if (this.env.JWT_SECRET) return (this.key = createSecretKey(this.env.JWT_SECRET, 'utf8'));
    await this.db.query(`INSERT INTO app_setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [
      SETTING,
      randomBytes(48).toString('base64url'),
    ]);
    const rows: { value: string }[] = await this.db.query(`SELECT value FROM app_setting WHERE key = $1`, [SETTING]);
    return (this.key = createSecretKey(rows[0].value, 'utf8'));
  }
}
