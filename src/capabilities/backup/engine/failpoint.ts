// Named points in a backup run where a test can freeze the job process (it stops itself with SIGSTOP
// when HAUSMEISTER_TEST_FAILPOINT names the point) to kill it there: a power cut at a chosen moment,
// without any timing. Does nothing unless that variable is set.

export type FailpointName =
  'backup:scanned' | 'backup:mid-volume' | 'backup:before-manifest' | 'backup:after-manifest';

export function failpoint(name: FailpointName): void {
  if (process.env.HAUSMEISTER_TEST_FAILPOINT === name) process.kill(process.pid, 'SIGSTOP');
}
