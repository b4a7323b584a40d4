// The backup target "S3 bucket" (Amazon S3 or an S3-compatible store), with multipart uploads.
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { README_OBJECT } from '../../capabilities/backup/archive/archive-names.js';
import type { BackupTarget, S3TargetConfig, StoredObject } from '../../capabilities/backup/backup-target.js';
import { describeTarget } from '../../capabilities/backup/target-description.js';
import { countBytes } from '../backup-target-shared/byte-counter.js';
import { runConnectionTest } from '../backup-target-shared/connection-test.js';
import {
  isLeftoverName,
  matchesPrefix,
  sortByName,
  validObjectName,
} from '../backup-target-shared/object-names.js';
import { relayStream } from '../backup-target-shared/relay-stream.js';
import { abortReason, objectNotFound, type TargetContext } from '../backup-target-shared/target-errors.js';
import { mapS3Error, s3ErrorName } from './s3-errors.js';

/** Memory per upload stays near (queueSize + 1) × partSize, 24 MiB; 10 000 parts of 8 MiB allow 78 GiB. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 2;

/** Pauses before each further try of a request during a run: ~100 s in all. */
const TRANSFER_RETRY_PAUSES_MS: readonly number[] = [1_000, 3_000, 10_000, 30_000, 60_000];

export interface S3TargetOptions {
  /** Tests shorten the pauses; the count of tries is theirs too. */
  retryPausesMs?: readonly number[];
}

export function createS3Target(config: S3TargetConfig, options: S3TargetOptions = {}): BackupTarget {
  const keyPrefix = normalizePrefix(config.prefix);
  const endpoint = config.endpoint ? safeEndpoint(config.endpoint) : null;
  const description = describeTarget(config);
  const context: TargetContext = {
    target: description,
    host: endpoint ? endpoint.host : `s3.${config.region}.amazonaws.com`,
    port: endpoint ? endpoint.port : 443,
    secrets: [config.secretAccessKey],
  };
  const clientConfig = {
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle ?? false,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // Checksums only where S3 demands them: many S3-compatible stores reject the SDK's newer defaults.
    requestChecksumCalculation: 'WHEN_REQUIRED' as const,
    responseChecksumValidation: 'WHEN_REQUIRED' as const,
    // socketTimeout is idle time, so a long transfer that keeps moving is never cut off.
    requestHandler: { connectionTimeout: 20_000, socketTimeout: 60_000 },
  };
  // "Test connection" and the check before a run answer at once (the SDK's three quick tries): a wrong
  // host or key is told in seconds.
  const client = new S3Client(clientConfig);
  // A run's transfers wait out a dropped line instead: each request is tried again for ~100 s, long
  // enough for a DSL line's nightly reconnect, which would otherwise end an upload of many hours.
  const pauses = options.retryPausesMs ?? TRANSFER_RETRY_PAUSES_MS;
  const patient = new S3Client({
    ...clientConfig,
    retryStrategy: new ConfiguredRetryStrategy(pauses.length + 1, (attempt) => pauses[attempt - 2] ?? 0),
  });
  const map = (error: unknown) => mapS3Error(error, context, config.bucket);
  const keyOf = (name: string) => `${keyPrefix}${name}`;

  async function writeObject(
    s3: S3Client,
    name: string,
    data: Readable,
    signal?: AbortSignal,
  ): Promise<{ bytes: number }> {
    if (signal?.aborted) throw abortReason(signal);
    const counted = countBytes(data);
    const upload = new Upload({
      client: s3,
      params: { Bucket: config.bucket, Key: keyOf(name), Body: counted.stream },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      // On failure Upload aborts the multipart upload itself, so its parts never become an object.
      leavePartsOnError: false,
    });
    // Upload.abort() alone waits for the next part to fill; destroying the source stops the reading too.
    // An abort that arrives while CompleteMultipartUpload is already on its way cannot stop it: the object
    // is then complete although the write rejected (the engine names every object anew, so it harms nothing).
    const onAbort = () => {
      void upload.abort();
      counted.stream.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await upload.done();
      return { bytes: counted.bytes() };
    } catch (error) {
      counted.stream.destroy();
      if (signal?.aborted) throw abortReason(signal);
      throw map(error);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function readObject(s3: S3Client, name: string): Promise<Readable> {
    try {
      const response = await s3.send(new GetObjectCommand({ Bucket: config.bucket, Key: keyOf(name) }));
      if (!(response.Body instanceof Readable)) throw new Error('GetObject returned no stream');
      return relayStream(response.Body, map);
    } catch (error) {
      if (s3ErrorName(error) === 'NoSuchKey') throw objectNotFound(name);
      throw map(error);
    }
  }

  async function removeObject(s3: S3Client, name: string): Promise<void> {
    // S3 answers a delete of a missing key with success, as the interface wants.
    await s3.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: keyOf(name) })).catch((error) => {
      throw map(error);
    });
  }

  async function listKeys(prefix: string): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    let token: string | undefined;
    do {
      const page = await patient
        .send(
          new ListObjectsV2Command({
            Bucket: config.bucket,
            Prefix: keyOf(prefix),
            ContinuationToken: token,
          }),
        )
        .catch((error) => {
          throw map(error);
        });
      for (const entry of page.Contents ?? []) {
        if (entry.Key) objects.push({ name: entry.Key.slice(keyPrefix.length), size: entry.Size ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  }

  async function abortUnfinishedUploads(): Promise<void> {
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      let page;
      try {
        page = await patient.send(
          new ListMultipartUploadsCommand({
            Bucket: config.bucket,
            Prefix: keyPrefix,
            KeyMarker: keyMarker,
            UploadIdMarker: uploadIdMarker,
          }),
        );
      } catch (error) {
        // s3rver (our test store) and some small S3-compatible stores answer NotImplemented: they cannot
        // list unfinished uploads, so there is nothing we could abort; Upload aborts its own on failure.
        if (s3ErrorName(error) === 'NotImplemented') return;
        throw map(error);
      }
      for (const upload of page.Uploads ?? []) {
        await patient
          .send(
            new AbortMultipartUploadCommand({
              Bucket: config.bucket,
              Key: upload.Key,
              UploadId: upload.UploadId,
            }),
          )
          .catch((error) => {
            if (s3ErrorName(error) !== 'NoSuchUpload') throw map(error);
          });
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
  }

  return {
    kind: 's3',
    describe: () => description,

    async check() {
      // ListObjectsV2 rather than HeadBucket: HEAD answers have no body, so a wrong key and a missing
      // permission would both be a bare 403. The prefix names one object at most, so the answer is never
      // truncated (s3rver's continuation tokens use DES, which OpenSSL 3 no longer offers).
      await client
        .send(
          new ListObjectsV2Command({
            Bucket: config.bucket,
            Prefix: `${keyPrefix}${README_OBJECT}`,
            MaxKeys: 1,
          }),
        )
        .catch((error) => {
          throw map(error);
        });
    },

    testConnection() {
      return runConnectionTest(
        {
          write: (name, data) => writeObject(client, name, data),
          read: (name) => readObject(client, name),
          remove: (name) => removeObject(client, name),
        },
        context,
      );
    },

    write: async (name, data, signal) => writeObject(patient, validObjectName(name), data, signal),
    read: async (name) => readObject(patient, validObjectName(name)),
    remove: async (name) => removeObject(patient, validObjectName(name)),

    async list(prefix) {
      // Probes and keys that are no object names of ours (deeper, or someone else's) are left out.
      return sortByName((await listKeys(prefix)).filter((object) => matchesPrefix(object.name, prefix)));
    },

    async removeLeftovers() {
      await abortUnfinishedUploads();
      // Stale probes of an interrupted "Test connection" (S3 writes need no temp objects, but the names
      // are recognised the same way on every target).
      for (const object of await listKeys('')) {
        if (isLeftoverName(object.name.slice(object.name.lastIndexOf('/') + 1)))
          await removeObject(patient, object.name);
      }
    },

    async close() {
      client.destroy();
      patient.destroy();
    },
  };
}

/** `hausmeister` → `hausmeister/`, `/` and `` → `` (the bucket's root). */
function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** The endpoint's host and port, for error messages. */
function safeEndpoint(endpoint: string): { host: string; port: number | string } {
  try {
    const url = new URL(endpoint);
    return { host: url.hostname, port: url.port || (url.protocol === 'http:' ? 80 : 443) };
  } catch {
    return { host: '', port: '' };
  }
}
