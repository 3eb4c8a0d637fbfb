/**
 * The admin token the user typed in the Import panel, shared with the explorer's Edit mode. It lives in
 * sessionStorage only (gone with the tab), never localStorage or the URL. Saving it announces the change on
 * `window` so the Edit button can appear or disappear at once.
 */
const TOKEN_KEY = 'multivector.adminToken';
export const ADMIN_TOKEN_EVENT = 'multivector:admin-token';

/** The token of this tab, or '' when none is set (or storage is blocked). */
export function readAdminToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return ''; // Storage can be blocked (privacy settings): the field still works for this page.
  }
}

/** Remembers the token for this tab ('' forgets it) and tells the listeners of ADMIN_TOKEN_EVENT. */
export function saveAdminToken(token: string): void {
  try {
    if (token === '') sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Blocked storage: the token is simply not remembered.
  }
  window.dispatchEvent(new CustomEvent(ADMIN_TOKEN_EVENT));
}
