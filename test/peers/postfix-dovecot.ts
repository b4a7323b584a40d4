// Postfix with STARTTLS and SASL through Dovecot, and Dovecot's IMAP to read what was delivered: a
// self-contained instance in a temp folder (its own main.cf, queue, Maildirs; /etc/postfix untouched),
// as in ../shared/test-peers.md section 2. Needs root and the Debian packages postfix and dovecot-imapd.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../harness/test-hausmeister.js';

const run = promisify(execFile);

export const POSTFIX_MISSING =
  process.getuid?.() !== 0
    ? 'Postfix and Dovecot need root'
    : !existsSync('/usr/sbin/postfix') || !existsSync('/usr/sbin/dovecot')
      ? 'postfix or dovecot-imapd is not installed'
      : false;

export interface MailServer {
  submissionPort: number;
  imapPort: number;
  /** Mailboxes of the domain `example.test`: address → password. */
  users: Record<string, string>;
  close(): Promise<void>;
}

/** The uid that owns the Maildirs: Debian's postfix installs no vmail user, so the test makes one. */
async function vmailIds(): Promise<{ uid: number; gid: number }> {
  const id = async () => {
    const { stdout: uid } = await run('id', ['-u', 'hm-vmail']);
    const { stdout: gid } = await run('id', ['-g', 'hm-vmail']);
    return { uid: Number(uid), gid: Number(gid) };
  };
  try {
    return await id();
  } catch {
    await run('useradd', ['-r', '-U', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', 'hm-vmail']);
    return id();
  }
}

export async function startMailServer(options: {
  tls: { key: Buffer; cert: Buffer };
  users: Record<string, string>;
}): Promise<MailServer> {
  // Below /var: Postfix writes its own log file only under maillog_file_prefixes (/var, /dev/stdout).
  const dir = await mkdtemp('/var/tmp/hausmeister-mail-');
  const conf = path.join(dir, 'postfix');
  const queue = path.join(dir, 'queue');
  const vmail = path.join(dir, 'vmail');
  await mkdir(conf);
  await mkdir(queue);
  await mkdir(path.join(dir, 'run'));
  await mkdir(vmail);
  await chmod(dir, 0o755);
  const { uid, gid } = await vmailIds();
  await chown(vmail, uid, gid);
  // Debian's files as installed; without a configured /etc/postfix (debconf "No configuration"), the
  // package's own templates.
  const templates = {
    'main.cf': 'main.cf.debian',
    'master.cf': 'master.cf.dist',
    'dynamicmaps.cf': 'dynamicmaps.cf',
  };
  for (const [file, template] of Object.entries(templates))
    await copyFile(
      existsSync(path.join('/etc/postfix', file))
        ? path.join('/etc/postfix', file)
        : path.join('/usr/share/postfix', template),
      path.join(conf, file),
    );
  await writeFile(path.join(dir, 'tls.key'), options.tls.key, { mode: 0o600 });
  await writeFile(path.join(dir, 'tls.crt'), options.tls.cert);
  const domain = 'example.test';
  await writeFile(
    path.join(dir, 'vmailbox'),
    Object.keys(options.users)
      .map((address) => `${address} ${domain}/${address.split('@')[0]}/Maildir/\n`)
      .join(''),
  );
  await writeFile(
    path.join(dir, 'users'),
    Object.entries(options.users)
      .map(
        ([address, password]) =>
          `${address}:{PLAIN}${password}:${uid}:${gid}::${vmail}/${domain}/${address.split('@')[0]}::\n`,
      )
      .join(''),
    { mode: 0o640 },
  );
  await run('chgrp', ['dovecot', path.join(dir, 'users')]);

  const submissionPort = await freePort();
  const imapPort = await freePort();
  const postconf = (...args: string[]) => run('postconf', ['-c', conf, ...args]);
  await postconf(
    '-e',
    `queue_directory=${queue}`,
    `data_directory=${path.join(dir, 'data')}`,
    'inet_interfaces=127.0.0.1',
    'inet_protocols=ipv4',
    'mydestination=',
    'myhostname=mail.example.test',
    `virtual_mailbox_domains=${domain}`,
    `virtual_mailbox_base=${vmail}`,
    `virtual_mailbox_maps=texthash:${path.join(dir, 'vmailbox')}`,
    `virtual_uid_maps=static:${uid}`,
    `virtual_gid_maps=static:${gid}`,
    `maillog_file=${path.join(dir, 'postfix.log')}`,
    `smtpd_tls_cert_file=${path.join(dir, 'tls.crt')}`,
    `smtpd_tls_key_file=${path.join(dir, 'tls.key')}`,
    'smtpd_tls_security_level=may',
    'smtpd_tls_auth_only=yes',
    'smtpd_sasl_type=dovecot',
    'smtpd_sasl_path=private/auth',
    'default_transport=error:no mail leaves the test',
    'relay_transport=error:no mail leaves the test',
    'alias_maps=',
    'alias_database=',
  );
  await postconf('-MX', 'smtp/inet');
  await postconf(
    '-M',
    `127.0.0.1:${submissionPort}/inet=127.0.0.1:${submissionPort} inet n - n - - smtpd ` +
      '-o smtpd_sasl_auth_enable=yes ' +
      '-o smtpd_relay_restrictions=permit_sasl_authenticated,reject ' +
      '-o smtpd_sender_login_maps=inline:{box@example.test=box@example.test} ' +
      '-o smtpd_sender_restrictions=reject_sender_login_mismatch -o smtpd_delay_reject=no',
  );
  await run('postfix', ['-c', conf, 'check']);

  await writeFile(
    path.join(dir, 'dovecot.conf'),
    `base_dir = ${path.join(dir, 'run')}
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
log_path = ${path.join(dir, 'dovecot.log')}
mail_location = maildir:~/Maildir
first_valid_uid = ${uid}
passdb {
  driver = passwd-file
  args = username_format=%u ${path.join(dir, 'users')}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${path.join(dir, 'users')}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service auth {
  unix_listener ${queue}/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
`,
  );
  const dovecot = spawn('dovecot', ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: 'ignore' });
  const postfix = spawn('postfix', ['-c', conf, 'start-fg'], { stdio: 'ignore' });
  const stop = async () => {
    await run('postfix', ['-c', conf, 'stop']).catch(() => undefined);
    await ended(postfix);
    dovecot.kill('SIGTERM');
    await ended(dovecot);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all([waitForPort(submissionPort, postfix), waitForPort(imapPort, dovecot)]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { submissionPort, imapPort, users: options.users, close: stop };
}

function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Polls until the port takes connections, failing early if the daemon exited. */
async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(socket.end() && true));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listens on port ${port}`);
}
