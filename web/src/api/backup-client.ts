// The UI's calls of the backup API (/api/v1/backup/…), through the same request as every other call.
import type {
  BrowseResult,
  Disk,
  JobView,
  Overview,
  RestoreInput,
  RunView,
  SettingsInput,
  SettingsView,
  StoredBackup,
  TargetInput,
} from './backup-types.js';
import { requestJson as request } from './client.js';

const BASE = '/api/v1/backup';

export const backupApi = {
  overview: () => request<Overview>('GET', BASE),
  saveSettings: (settings: SettingsInput) => request<SettingsView>('PUT', `${BASE}/settings`, settings),
  testTarget: (target: TargetInput) =>
    request<{ ok: true; description: string }>('POST', `${BASE}/targets/test`, { target }),
  disks: () => request<{ disks: Disk[] }>('GET', `${BASE}/disks`),
  run: (kind: 'auto' | 'full' | 'incremental' = 'auto') => request<JobView>('POST', `${BASE}/run`, { kind }),
  verify: (backupId?: string) =>
    request<JobView>('POST', `${BASE}/verify`, backupId === undefined ? {} : { backupId }),
  cancel: () => request<{ cancelled: boolean }>('POST', `${BASE}/cancel`),
  runs: (limit = 50) => request<{ runs: RunView[] }>('GET', `${BASE}/runs?limit=${limit}`),
  backups: () => request<{ backups: StoredBackup[] }>('GET', `${BASE}/backups`),
  browse: (backupId: string, folder: string) =>
    request<BrowseResult>(
      'GET',
      `${BASE}/backups/${encodeURIComponent(backupId)}/files?folder=${encodeURIComponent(folder)}`,
    ),
  restore: (input: RestoreInput) => request<JobView>('POST', `${BASE}/restore`, input),
};
