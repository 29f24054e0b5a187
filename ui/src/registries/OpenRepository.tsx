import { useEffect, useState, type FormEvent } from "react";
import {
  Alert,
  Button,
  ExpandableSection,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  InputGroup,
  InputGroupItem,
  Label,
  LabelGroup,
  TextInput,
} from "@patternfly/react-core";
import { ArrowRightIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import type { SignedIn } from "../bindings/SignedIn";
import { useWithSignIn } from "../signin/Reauth";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { RegistryErrorAlert } from "./RegistryErrorAlert";
import { isRepositoryName, normalizeRepositoryInput } from "./repositoryName";
import { ErrorText } from "../components/ErrorAlert";

/** The codes of a catalog the registry will not give: said in one sentence, not as an error. */
export function isCatalogRefusal(error: UiError): boolean {
  return error.code === "catalogRefused" || error.code === "catalogNotOffered";
}

export interface OpenRepositoryProps {
  connectionId: string;
  /** `host[:port]` of the registry: pasted in front of a name, it is dropped. */
  host: string;
  /** Who is signed in (null: nobody), for the sign-in link on a refusal. */
  signedIn: SignedIn | null;
  /** The repository opened: the page shows its tags, as when it is clicked in the catalog. */
  onOpened: (repository: string) => void;
  onSignIn: () => void;
  /** Whether to say what the field is for (when the catalog does not list the repositories). */
  explain: boolean;
}

/** The height the field takes above a listing catalog (label, input, padding), in pixels. */
export const OPEN_REPOSITORY_COMPACT_HEIGHT = 96;

/**
 * "Open a repository by name", always there on the Registries page: for registries that will
 * not list their repositories (the integrated registry for non-admins, Quay, Docker Hub,
 * registry.redhat.io). The name is checked against the distribution grammar as typed; the
 * backend opens it (its tags must answer) and only then remembers it among the connection's
 * recent names, kept in the settings file. A recent name opens with a click and goes with its
 * close button.
 */
export function OpenRepository({ connectionId, host, signedIn, onOpened, onSignIn, explain }: OpenRepositoryProps) {
  const t = useT();
  const withSignIn = useWithSignIn(connectionId);
  const [value, setValue] = useState("");
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [recent, setRecent] = useState<string[]>([]);

  useEffect(() => {
    let cancelled = false;
    commands.registryRecentRepositories(connectionId).then(
      (names) => {
        if (!cancelled) setRecent(names);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [connectionId]);

  const name = normalizeRepositoryInput(host, value);
  const invalid = touched && name !== "" && !isRepositoryName(name);

  const open = async (typed: string) => {
    setError(null);
    setBusy(true);
    try {
      const opened = await withSignIn("reauth.what.openRepository", () => commands.registryOpenRepository(connectionId, typed));
      setRecent(opened.recent);
      setValue("");
      setTouched(false);
      onOpened(opened.repository);
    } catch (reason) {
      setError(toUiError(reason));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (name === "" || !isRepositoryName(name)) return;
    void open(name);
  };

  const forget = async (repository: string) => {
    setError(null);
    try {
      setRecent(await commands.registryForgetRecentRepository(connectionId, repository));
    } catch (reason) {
      setError(toUiError(reason));
    }
  };

  return (
    <div className="rc-open-repo" data-testid="open-repository">
      <Form onSubmit={submit} aria-label={t("openRepo.label")}>
        <FormGroup label={t("openRepo.label")} fieldId="open-repository-name">
          <InputGroup>
            <InputGroupItem isFill>
              <TextInput
                id="open-repository-name"
                data-testid="open-repository-name"
                value={value}
                placeholder={t("openRepo.placeholder")}
                validated={invalid ? "error" : "default"}
                aria-invalid={invalid}
                autoComplete="off"
                spellCheck={false}
                onChange={(_e, next) => {
                  setValue(next);
                  setError(null);
                }}
                onBlur={() => setTouched(value.trim() !== "")}
              />
            </InputGroupItem>
            <InputGroupItem>
              <Button
                type="submit"
                variant="control"
                data-testid="open-repository-submit"
                aria-label={t("openRepo.submit")}
                title={t("openRepo.submit")}
                isDisabled={busy || name === ""}
                isLoading={busy}
                icon={busy ? undefined : <ArrowRightIcon />}
              />
            </InputGroupItem>
          </InputGroup>
          {(invalid || explain) && (
            <FormHelperText>
              <HelperText>
              {invalid ? (
                <HelperTextItem variant="error" data-testid="open-repository-invalid">
                  {t("openRepo.invalid", { name })}
                </HelperTextItem>
              ) : explain ? (
                <HelperTextItem>{t("openRepo.help")}</HelperTextItem>
              ) : null}
              </HelperText>
            </FormHelperText>
          )}
        </FormGroup>
      </Form>
      {recent.length > 0 && (
        <LabelGroup
          className="rc-open-repo-recent"
          categoryName={t("openRepo.recent")}
          aria-label={t("openRepo.recentLabel")}
          numLabels={10}
          data-testid="recent-repositories"
        >
          {recent.map((repository) => (
            <Label
              key={repository}
              variant="outline"
              data-testid="recent-repository"
              data-name={repository}
              onClick={() => void open(repository)}
              onClose={() => void forget(repository)}
              closeBtnAriaLabel={t("openRepo.forget", { name: repository })}
              closeBtnProps={{ "data-testid": "recent-repository-forget" } as React.ButtonHTMLAttributes<HTMLButtonElement>}
            >
              {repository}
            </Label>
          ))}
        </LabelGroup>
      )}
      {error && (
        <RegistryErrorAlert
          className="rc-open-repo-error"
          error={error}
          fallbackTitle="openRepo.failed"
          onSignIn={signedIn ? undefined : onSignIn}
        />
      )}
    </div>
  );
}

/**
 * A catalog the registry will not give, in one sentence: who may not see it, or that nobody
 * is signed in (with a sign-in link), or that the registry has none. The registry's own answer
 * is folded away beneath.
 */
export function CatalogRefusedNote({
  error,
  signedIn,
  onSignIn,
}: {
  error: UiError;
  signedIn: SignedIn | null;
  onSignIn: () => void;
}) {
  const t = useT();
  const [expanded, setExpanded] = useState(false);
  const anonymous = error.code === "catalogRefused" && !signedIn;
  const sentence =
    error.code === "catalogNotOffered"
      ? t("catalogRefused.notOffered")
      : signedIn
        ? t("catalogRefused.signedIn", { username: signedIn.username })
        : t("catalogRefused.anonymous");
  return (
    <Alert
      variant="info"
      isInline
      isPlain
      className="rc-catalog-refused"
      data-testid="catalog-refused"
      data-code={error.code}
      title={sentence}
    >
      {anonymous && (
        <Button variant="link" isInline className="rc-catalog-refused-sign-in" data-testid="catalog-refused-sign-in" onClick={onSignIn}>
          {t("signIn.action")}
        </Button>
      )}
      <ExpandableSection
        toggleText={t("catalogRefused.answer")}
        isExpanded={expanded}
        onToggle={(_e, next) => setExpanded(next)}
        data-testid="catalog-refused-answer"
      >
        <ErrorText error={error} />
      </ExpandableSection>
    </Alert>
  );
}
