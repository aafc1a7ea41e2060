import { StaffUserRepository } from '../models/staffUserRepository';
import type { Running } from './index';

/** Where a person finds the running service, logged once at the end of start-up (`server.ready`). */
export interface ReadyNotice {
  /** The fictional school page with the chat widget. */
  demoPage: string;
  /** The contact-centre dashboard (absent when DASHBOARD_ENABLED=false). */
  dashboardPage?: string;
  /** Where the Bot Framework Emulator connects. */
  emulatorEndpoint: string;
  /** Present only while no administrator account exists. */
  firstAdmin?: {
    command: string;
    /** The embedded database has one owner: the admin command needs the server stopped. */
    stopServerFirst: boolean;
  };
}

/** The command that creates the first administrator (the password is read from standard input). */
export const FIRST_ADMIN_COMMAND = 'npm run admin -- create-user --email you@example.org --role admin';

/** A host a browser on this machine can open: a wildcard listen address is reached on loopback. */
function browsableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * What to tell the person who started the server. Whether an administrator
 * exists is one lookup in the small staff collection, so it is asked only
 * when the dashboard is mounted (there is no one to sign in otherwise).
 */
export async function readyNotice(running: Running, host: string): Promise<ReadyNotice> {
  const base = `http://${browsableHost(host)}:${running.port}`;
  const notice: ReadyNotice = { demoPage: `${base}/`, emulatorEndpoint: `${base}/api/messages` };
  if (!running.dashboard) return notice;
  notice.dashboardPage = `${base}/dashboard/`;
  if (!(await new StaffUserRepository(running.conn).hasActiveAdmin())) notice.firstAdmin = { command: FIRST_ADMIN_COMMAND, stopServerFirst: running.embedded !== undefined };
  return notice;
}
