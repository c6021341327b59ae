import { ApiError, api, type User } from './api.ts';

const KEY = 'switchyard.user';

/**
 * The signed-in user. `ready` turns true once the first `/auth/me` answer (or failure) is in;
 * `signedOut` tells an explicit sign-out apart from an expired session, which should return to where it was.
 */
export const session = $state<{ user: User | null; ready: boolean; signedOut: boolean }>({
  user: null,
  ready: false,
  signedOut: false,
});

function remember(user: User | null): void {
  session.user = user;
  if (user) localStorage.setItem(KEY, JSON.stringify(user));
  else localStorage.removeItem(KEY);
}

function lastKnownUser(): User | null {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
}

async function checkSession(): Promise<void> {
  try {
    remember((await api.me()).user);
  } catch (error) {
    if (error instanceof ApiError && error.offline) session.user = lastKnownUser();
    else remember(null);
  }
  session.ready = true;
}

// Asked as soon as this module loads, not after the first render: the screen's own data (the orders
// list) is fetched beside it instead of after it, which is what the cold-load LCP waited for.
let check: Promise<void> | null = typeof window === 'undefined' ? null : checkSession();

/** Asks the server who is signed in (once per app start); offline, trusts the last known user so the shell still opens. */
export function restoreSession(): Promise<void> {
  check ??= checkSession();
  return check;
}

export async function signIn(email: string, password: string): Promise<void> {
  remember((await api.login({ email, password })).user);
  session.signedOut = false;
}

export async function signOut(): Promise<void> {
  await api.logout().catch(() => {});
  session.signedOut = true;
  remember(null);
}

export function forgetSession(): void {
  remember(null);
}
