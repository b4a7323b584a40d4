// The UI's calls of the notifications API and of the mail outbox, with the daemon's own schemas.
import type { Static } from 'typebox';
import type {
  NotificationSettingsSchema,
  NotificationsViewSchema,
  QueuedMailSchema,
} from '../../../src/api/notifications.js';
import { requestJson as request } from './client.js';

export type NotificationSettings = Static<typeof NotificationSettingsSchema>;
export type NotificationsView = Static<typeof NotificationsViewSchema>;
export type QueuedMail = Static<typeof QueuedMailSchema>;

export const notificationsApi = {
  view: () => request<NotificationsView>('GET', '/api/v1/notifications'),
  save: (settings: NotificationSettings) =>
    request<NotificationsView>('PUT', '/api/v1/notifications/settings', settings),
  setMonitored: (id: string, monitored: boolean) =>
    request<NotificationsView>('PUT', `/api/v1/notifications/services/${encodeURIComponent(id)}`, {
      monitored,
    }),
  sendReport: () => request<{ id: number; subject: string }>('POST', '/api/v1/notifications/report'),
  outbox: () => request<{ mails: QueuedMail[] }>('GET', '/api/v1/smtp/outbox'),
  sendOutbox: () => request<{ mails: QueuedMail[] }>('POST', '/api/v1/smtp/outbox/send'),
};
