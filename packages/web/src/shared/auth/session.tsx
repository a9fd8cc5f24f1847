import type { LoginResponse } from '@fpr/contract';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { setSessionListener } from '../api/client';
import { api } from '../api/endpoints';
import { isIdle } from './idle';

export type SessionUser = LoginResponse['user'];

/** Why the user is back at the log-in page: shown there as a message. */
export type SessionEnd = 'expired' | 'loggedOut';

interface StoredSession {
  user: SessionUser;
  idleTimeoutSeconds: number;
  lastActivityAt: number;
}

interface SessionValue {
  user: SessionUser | null;
  ended: SessionEnd | null;
  logIn: (response: LoginResponse) => void;
  logOut: () => Promise<void>;
}

const storageKey = 'fpr.session';
const idleCheckMilliseconds = 10_000;

const SessionContext = createContext<SessionValue | null>(null);

// The tab's storage keeps who is logged in across a reload; the session itself is the HTTP-only cookie.
function readStored(): StoredSession | null {
  const text = sessionStorage.getItem(storageKey);
  if (text === null) return null;
  const stored = JSON.parse(text) as StoredSession;
  return isIdle(stored, Date.now()) ? null : stored;
}

function touch(): void {
  const stored = readStored();
  if (stored) sessionStorage.setItem(storageKey, JSON.stringify({ ...stored, lastActivityAt: Date.now() }));
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState<SessionUser | null>(() => readStored()?.user ?? null);
  const [ended, setEnded] = useState<SessionEnd | null>(null);

  const end = useCallback(
    (reason: SessionEnd) => {
      sessionStorage.removeItem(storageKey);
      queryClient.clear();
      setEnded(reason);
      setUser(null);
    },
    [queryClient],
  );

  useEffect(() => {
    setSessionListener({ onActivity: touch, onSessionEnded: () => end('expired') });
    const timer = setInterval(() => {
      const text = sessionStorage.getItem(storageKey);
      if (text !== null && isIdle(JSON.parse(text) as StoredSession, Date.now())) end('expired');
    }, idleCheckMilliseconds);
    return () => clearInterval(timer);
  }, [end]);

  const value = useMemo<SessionValue>(
    () => ({
      user,
      ended,
      logIn: (response) => {
        const stored: StoredSession = {
          user: response.user,
          idleTimeoutSeconds: response.idleTimeoutSeconds,
          lastActivityAt: Date.now(),
        };
        sessionStorage.setItem(storageKey, JSON.stringify(stored));
        setEnded(null);
        setUser(response.user);
      },
      logOut: async () => {
        await api.logOut().catch(() => undefined);
        end('loggedOut');
      },
    }),
    [user, ended, end],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside SessionProvider');
  return value;
}
