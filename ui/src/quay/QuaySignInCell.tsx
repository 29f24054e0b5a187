import { useCallback, useEffect, useState } from "react";
import { Button, Label } from "@patternfly/react-core";
import { UserIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import type { SignedIn } from "../bindings/SignedIn";
import { toUiError, type UiError } from "../errors";
import { ErrorBody } from "../components/ErrorAlert";
import { useT } from "../i18n/i18n";
import { QuaySignInModal } from "./QuaySignInModal";
import { OAUTH_TOKEN_USER } from "./QuayPage";

/**
 * The Connections page's sign-in cell of a Quay: who the connection is signed in as (an OAuth
 * access token, or a robot/user for the registry only) and where it is kept, with Sign in /
 * Sign out. It is the same sign-in the Quay, Registries and Credentials pages use.
 */
export function QuaySignInCell({ connection }: { connection: Connection }) {
  const t = useT();
  const [signedIn, setSignedIn] = useState<SignedIn | null | undefined>(undefined);
  const [error, setError] = useState<UiError | null>(null);
  const [open, setOpen] = useState(false);
  const load = useCallback(() => {
    commands.registrySignedIn(connection.id).then(
      (s) => {
        setSignedIn(s);
        setError(null);
      },
      (reason) => setError(toUiError(reason)),
    );
  }, [connection.id]);
  useEffect(load, [load]);

  const signOut = async () => {
    try {
      await commands.registrySignOut(connection.id);
    } catch (reason) {
      setError(toUiError(reason));
    }
    load();
  };

  return (
    <>
      {error && (
        <div className="rc-signed-in-note" data-testid="quay-sign-in-error">
          <ErrorBody error={error} />
        </div>
      )}
      {signedIn ? (
        <div className="rc-signed-in" data-testid="auth-identity">
          <div>
            <UserIcon aria-hidden />{" "}
            <strong data-testid="auth-user">{signedIn.username === OAUTH_TOKEN_USER ? t("quay.way.token") : signedIn.username}</strong>
          </div>
          <div className="rc-signed-in-note">
            {signedIn.username === OAUTH_TOKEN_USER ? t("quay.cell.api") : t("quay.cell.registryOnly")}
            {signedIn.keptIn === "session" && (
              <>
                {" "}
                <Label isCompact color="orange" data-testid="auth-session-only">
                  {t("auth.sessionOnly")}
                </Label>
              </>
            )}
          </div>
          <Button variant="link" isInline size="sm" data-testid="auth-sign-out" onClick={() => void signOut()}>
            {t("auth.signOut")}
          </Button>
        </div>
      ) : signedIn === null ? (
        <Button variant="secondary" size="sm" data-testid="auth-sign-in" onClick={() => setOpen(true)}>
          {t("auth.signIn")}
        </Button>
      ) : null}
      {open && (
        <QuaySignInModal
          connection={connection}
          onCancel={() => setOpen(false)}
          onSignedIn={() => {
            setOpen(false);
            load();
          }}
        />
      )}
    </>
  );
}
