import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import { toUiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { SignInModal } from "../registries/SignInModal";
import { ClusterSignInModal } from "./ClusterSignInModal";

/** What the user was doing when the server asked for a sign-in, in words ("granting the role"). */
export type ReauthWhat = Extract<MessageKey, `reauth.what.${string}`>;

/** Runs a backend call made for a connection; see {@link ReauthProvider}. */
export type WithSignIn = <T>(what: ReauthWhat, call: () => Promise<T>) => Promise<T>;

interface ReauthApi {
  run: <T>(connectionId: string, what: ReauthWhat, call: () => Promise<T>) => Promise<T>;
  /** Called after each sign-in made through the dialog, with the connection's id. */
  subscribe: (listener: (connectionId: string) => void) => () => void;
}

/** Without a provider (a component rendered alone) calls run as they are. */
const passThrough: ReauthApi = { run: (_id, _what, call) => call(), subscribe: () => () => undefined };

const ReauthContext = createContext<ReauthApi>(passThrough);

/** Whether the sign-in dialog is shown: the dialog the user acted in steps aside meanwhile. */
const SignInShownContext = createContext(false);

/** One sign-in the dialog asks for, shared by every call of the connection that needs it. */
interface Ask {
  connection: Connection;
  /** Whether the connection had a session that the server no longer accepts. */
  ended: boolean;
  whats: ReauthWhat[];
  waiters: ((signedIn: boolean) => void)[];
  /** Signed in: the calls run again, the dialog says so until they have answered. */
  continuing: boolean;
  /** Calls that have not answered since the dialog closed. */
  unsettled: number;
}

/** What a call that asked gets: whether to run again, and how to say it has answered. */
interface Answer {
  signedIn: boolean;
  settled: () => void;
}

const isSignInRequired = (reason: unknown) => toUiError(reason).code === "signInRequired";

/**
 * Issue #4's "a 401 later asks to sign in again and then continues what the user was doing",
 * in one place for every page. A call wrapped with {@link useWithSignIn} that fails with
 * `signInRequired` opens the connection's sign-in dialog (the cluster one for OpenShift and
 * OIDC connections, the registry one for registries) with a line saying why; when the sign-in
 * succeeds the same call runs once more and its answer goes where the user acted. Cancelling
 * rejects with the original error. Calls that fail while the dialog is open wait for the same
 * dialog; a call that started before a sign-in finished is simply run again. A call refused
 * again after the new sign-in is not retried: its error goes to the caller.
 *
 * A registry connection linked to a cluster ("Open the cluster's registry") signs in with the
 * cluster's login: its calls ask for the CLUSTER connection's sign-in, and a sign-in there
 * reruns them (its listeners are told too).
 *
 * A cluster call always asks (the Access page cannot work without a sign-in). A registry may
 * be browsed anonymously: the dialog opens only when credentials were kept for it and the
 * registry refused them; otherwise the page's own "Sign in" alert stays what the user sees.
 *
 * The dialog is closed only after the waiting calls have answered, in a later task than
 * their callers' updates: the dialog the user acted in (a confirmation whose buttons are
 * disabled while it waits) must have its controls back before focus returns to it.
 *
 * A dialog never opens over another (issue 19): while the sign-in dialog is shown, the dialog
 * the user acted in hides (see {@link useSignInShown}) and comes back as it was, its form's
 * values kept, when the sign-in is cancelled or the call has answered.
 */
export function ReauthProvider({ connections, children }: { connections: Connection[]; children: ReactNode }) {
  const t = useT();
  const connectionsRef = useRef(connections);
  useEffect(() => {
    connectionsRef.current = connections;
  }, [connections]);
  /** Sign-ins finished through the dialog, per connection: a call started before one reruns. */
  const generations = useRef(new Map<string, number>());
  /** Connections a call succeeded for in this run: a later refusal means the session ended. */
  const worked = useRef(new Set<string>());
  /** The open question per connection, which failing calls join. */
  const asks = useRef(new Map<string, Ask>());
  const listeners = useRef(new Set<(connectionId: string) => void>());
  /** The dialogs to show, first shown first (one at a time). */
  const [queue, setQueue] = useState<Ask[]>([]);
  const [, redraw] = useState(0);

  const close = useCallback((ask: Ask) => {
    setTimeout(() => setQueue((q) => q.filter((x) => x !== ask)), 0);
  }, []);

  const finish = useCallback(
    (ask: Ask, signedIn: boolean) => {
      const id = ask.connection.id;
      if (asks.current.get(id) !== ask) return;
      asks.current.delete(id);
      if (signedIn) {
        generations.current.set(id, (generations.current.get(id) ?? 0) + 1);
        ask.continuing = true;
        ask.unsettled = ask.waiters.length;
        redraw((n) => n + 1);
      } else {
        close(ask);
      }
      for (const waiter of ask.waiters) waiter(signedIn);
      // The registry connections linked to this cluster signed in with it too.
      const ids = [id, ...connectionsRef.current.filter((c) => c.linkedCluster === id).map((c) => c.id)];
      if (signedIn) for (const listener of listeners.current) for (const each of ids) listener(each);
    },
    [close],
  );

  const askToSignIn = useCallback(
    async (connection: Connection, what: ReauthWhat): Promise<Answer> => {
      const join = (ask: Ask): Promise<Answer> => {
        if (!ask.whats.includes(what)) {
          ask.whats.push(what);
          redraw((n) => n + 1);
        }
        return new Promise((resolve) =>
          ask.waiters.push((signedIn) =>
            resolve({
              signedIn,
              settled: () => {
                if (signedIn && --ask.unsettled === 0) close(ask);
              },
            }),
          ),
        );
      };
      const waiting = asks.current.get(connection.id);
      if (waiting) return join(waiting);
      let ended = worked.current.has(connection.id);
      if (connection.kind === "registry") {
        const kept = await commands.registrySignedIn(connection.id).catch(() => null);
        if (!kept) return { signedIn: false, settled: () => undefined };
        ended = true;
        // Another call may have opened the dialog while the keyring answered.
        const opened = asks.current.get(connection.id);
        if (opened) return join(opened);
      }
      const ask: Ask = { connection, ended, whats: [], waiters: [], continuing: false, unsettled: 0 };
      asks.current.set(connection.id, ask);
      setQueue((q) => [...q, ask]);
      return join(ask);
    },
    [close],
  );

  const run = useCallback(
    async <T,>(callId: string, what: ReauthWhat, call: () => Promise<T>): Promise<T> => {
      // A linked registry connection's sign-in is its cluster's.
      const linked = connectionsRef.current.find((c) => c.id === callId)?.linkedCluster;
      const connectionId = linked && connectionsRef.current.some((c) => c.id === linked) ? linked : callId;
      const generation = generations.current.get(connectionId) ?? 0;
      let value: T;
      try {
        value = await call();
      } catch (reason) {
        if (!isSignInRequired(reason)) throw reason;
        const connection = connectionsRef.current.find((c) => c.id === connectionId);
        if (!connection) throw reason;
        const signedInMeanwhile = (generations.current.get(connectionId) ?? 0) !== generation;
        const answer = signedInMeanwhile ? null : await askToSignIn(connection, what);
        if (answer && !answer.signedIn) throw reason;
        // Once: a refusal now is shown as it is, not asked about again.
        try {
          value = await call();
        } finally {
          answer?.settled();
        }
      }
      worked.current.add(connectionId);
      return value;
    },
    [askToSignIn],
  );

  const subscribe = useCallback((listener: (connectionId: string) => void) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const api = useMemo<ReauthApi>(() => ({ run, subscribe }), [run, subscribe]);
  const shown = queue[0];
  const what = shown ? shown.whats.map((w) => t(w)).join(t("reauth.separator")) : "";
  const reason = !shown
    ? ""
    : shown.continuing
      ? t("reauth.continuing", { what })
      : t(shown.ended ? "reauth.ended" : "reauth.needed", { name: shown.connection.name, what });

  return (
    <ReauthContext.Provider value={api}>
      <SignInShownContext.Provider value={Boolean(shown)}>{children}</SignInShownContext.Provider>
      {shown &&
        (shown.connection.kind === "registry" ? (
          <SignInModal
            key={shown.connection.id}
            connection={shown.connection}
            reason={reason}
            continuing={shown.continuing}
            onSignedIn={() => finish(shown, true)}
            onCancel={() => finish(shown, false)}
          />
        ) : (
          <ClusterSignInModal
            key={shown.connection.id}
            connection={shown.connection}
            reason={reason}
            continuing={shown.continuing}
            onSignedIn={() => finish(shown, true)}
            onCancel={() => finish(shown, false)}
          />
        ))}
    </ReauthContext.Provider>
  );
}

/**
 * `withSignIn(what, call)` for calls made for `connectionId`: runs `call`, and on
 * `signInRequired` asks to sign in again and runs it once more (see {@link ReauthProvider}).
 */
export function useWithSignIn(connectionId: string): WithSignIn {
  const { run } = useContext(ReauthContext);
  return useCallback(<T,>(what: ReauthWhat, call: () => Promise<T>) => run(connectionId, what, call), [run, connectionId]);
}

/** `run(connectionId, what, call)`, for a page whose calls go to more than one connection. */
export function useReauth(): ReauthApi["run"] {
  return useContext(ReauthContext).run;
}

/** Calls `listener` after each sign-in made through the dialog for `connectionId`. */
export function useOnSignedInAgain(connectionId: string, listener: () => void) {
  const { subscribe } = useContext(ReauthContext);
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(
    () =>
      subscribe((id) => {
        if (id === connectionId) latest.current();
      }),
    [subscribe, connectionId],
  );
}

/**
 * Whether the sign-in dialog is shown. A dialog that makes calls gives it as `isOpen={!…}` to
 * its `Modal`: it stays mounted (what the user typed is kept) but is not drawn under the
 * sign-in, and comes back when the sign-in dialog closes.
 */
export function useSignInShown(): boolean {
  return useContext(SignInShownContext);
}
