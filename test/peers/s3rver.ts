// A real S3 API for tests: s3rver in this process, on a free port, with its data in a temp folder.
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { S3TargetConfig } from '../../src/capabilities/backup/backup-target.js';

/** The part of s3rver 3.7's API that is used here (it ships no types). */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}) => S3rverInstance;

export interface S3rverPeer {
  endpoint: string;
  bucket: string;
  /** s3rver's built-in account. */
  accessKeyId: string;
  secretAccessKey: string;
  /** A target config for this server's bucket. */
  config(prefix: string): S3TargetConfig;
  stop(): Promise<void>;
}

export async function startS3rver(): Promise<S3rverPeer> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const directory = await mkdtemp(path.join(tmpdir(), 'hm-s3rver-'));
  const bucket = 'hausmeister-test';
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: process.env.S3RVER_VERBOSE !== '1',
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const peer = { endpoint, bucket, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  return {
    ...peer,
    config: (prefix) => ({
      kind: 's3',
      endpoint,
      region: 'us-east-1',
      bucket,
      prefix,
      accessKeyId: peer.accessKeyId,
      secretAccessKey: peer.secretAccessKey,
      // Bucket subdomains of 127.0.0.1 do not resolve.
      forcePathStyle: true,
    }),
    async stop() {
      // Clients keep connections alive; close() would wait for them.
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
