// The backup's secrets: the passphrases (newest first, older ones to read older backups) and each
// target's password or secret key. They rest sealed in the store and are opened only to go into a job's
// request, which reaches the job process on its standard input, never its command line.
import { Secret, type SecretSealer } from '../../store/secret-box.js';
import type { BackupRepository } from './backups.js';
import { withSecret, type BackupSettings, type StoredTarget, type TargetInput } from './backup-settings.js';
import type { TargetConfig } from './backup-target.js';

const PASSPHRASE_CONTEXT = 'backup.passphrase';
const targetContext = (id: string) => `backup.target.${id}`;

export class BackupCredentials {
  readonly #store: Pick<BackupRepository, 'secret' | 'passphrases'>;
  readonly #secrets: SecretSealer;

  constructor(store: Pick<BackupRepository, 'secret' | 'passphrases'>, secrets: SecretSealer) {
    this.#store = store;
    this.#secrets = secrets;
  }

  sealPassphrase(passphrase: string): string {
    return this.#secrets.seal(new Secret(passphrase), PASSPHRASE_CONTEXT);
  }

  sealTargetSecret(targetId: string, secret: string): string {
    return this.#secrets.seal(new Secret(secret), targetContext(targetId));
  }

  /** Newest first. */
  passphrases(): string[] {
    return this.#store.passphrases().map((p) => this.#secrets.open(p.sealed, PASSPHRASE_CONTEXT).reveal());
  }

  /** The targets as a job needs them, with their secrets. */
  targets(settings: BackupSettings): TargetConfig[] {
    return settings.targets.map((t) => withSecret(t, this.#secretOf(t)));
  }

  /** A target as entered in the wizard; where it leaves the secret out, the stored one is used. */
  fromInput(input: TargetInput, stored: StoredTarget | undefined): TargetConfig {
    const { id: _id, ...rest } = input;
    const storedSecret = () => (stored ? (this.#secretOf(stored) ?? '') : '');
    if (rest.kind === 'ftp') return { ...rest, password: rest.password ?? storedSecret() };
    if (rest.kind === 's3') return { ...rest, secretAccessKey: rest.secretAccessKey ?? storedSecret() };
    return rest;
  }

  #secretOf(target: StoredTarget): string | null {
    const sealed = this.#store.secret(target.id);
    return sealed ? this.#secrets.open(sealed, targetContext(target.id)).reveal() : null;
  }
}
