/**
 * The optional integrations of api.md 11. This server ships neither an OpenVSCode server nor a
 * VNC desktop, so it answers their "disabled" forms by default; switched on, it answers as the
 * reference does when the program is absent (a URL for VSCode, never a running desktop).
 */
import { IntegrationDisabledError } from './errors.js';

export interface IntegrationSettings {
  enableVscode: boolean;
  enableVnc: boolean;
  /** The first one is the VSCode connection token (api.md 2.1). */
  sessionApiKeys: readonly string[];
}

export function vscodeUrl(settings: IntegrationSettings, query: { baseUrl: string; workspaceDir: string }): { url: string | null } {
  if (!settings.enableVscode) throw new IntegrationDisabledError('VSCode is disabled in configuration. Set enable_vscode=true to enable.');
  const token = settings.sessionApiKeys[0];
  // No URL-encoding, as in the reference: clients rebuild nothing from it.
  return { url: token === undefined ? null : `${query.baseUrl}/?tkn=${token}&folder=${query.workspaceDir}` };
}

export function vscodeStatus(settings: IntegrationSettings): Record<string, boolean | string> {
  if (!settings.enableVscode) return { running: false, enabled: false, message: 'VSCode is disabled in configuration' };
  return { running: false, enabled: true };
}

export function desktopUrl(settings: IntegrationSettings): { url: string | null } {
  if (!settings.enableVnc) throw new IntegrationDisabledError('Desktop is disabled in configuration. Set enable_vnc=true to enable.');
  return { url: null };
}
