import { useCallback, useEffect, useState } from "react";
import {
  Alert,
  AlertActionCloseButton,
  AlertGroup,
  Bullseye,
  EmptyState,
  EmptyStateBody,
  FormSelect,
  FormSelectOption,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadLogo,
  MastheadMain,
  MastheadToggle,
  Nav,
  NavItem,
  NavList,
  Page,
  PageSidebar,
  PageSidebarBody,
  PageToggleButton,
  Spinner,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from "@patternfly/react-core";
import { BarsIcon, ExclamationCircleIcon } from "@patternfly/react-icons";
import { commands } from "./bindings/commands";
import type { AppInfo } from "./bindings/AppInfo";
import type { Language } from "./bindings/Language";
import type { SettingsState } from "./bindings/SettingsState";
import { toUiError, type UiError } from "./errors";
import { I18nProvider, resolveLanguage, useT } from "./i18n/i18n";
import type { MessageKey } from "./i18n/en";
import { useSystemTheme } from "./theme";
import { AccessPage } from "./access/AccessPage";
import { ConnectionsPage } from "./connections/ConnectionsPage";
import { CredentialsPage } from "./credentials/CredentialsPage";
import { RegistriesPage } from "./registries/RegistriesPage";
import { CertificatesPage } from "./certificates/CertificatesPage";
import { ReauthProvider } from "./signin/Reauth";
import { QuayPage } from "./quay/QuayPage";

export type Area = "connections" | "registries" | "access" | "quay" | "credentials" | "certificates";

const AREAS: { id: Area; label: MessageKey }[] = [
  { id: "connections", label: "nav.connections" },
  { id: "registries", label: "nav.registries" },
  { id: "access", label: "nav.access" },
  { id: "quay", label: "nav.quay" },
  { id: "credentials", label: "nav.credentials" },
  { id: "certificates", label: "nav.certificates" },
];

const LANGUAGES: { value: Language; label: MessageKey }[] = [
  { value: "system", label: "language.system" },
  { value: "en", label: "language.en" },
  { value: "ja", label: "language.ja" },
];

type Boot =
  | { status: "loading" }
  | { status: "failed"; error: UiError }
  | { status: "ready"; info: AppInfo; settings: SettingsState };

const NO_CONNECTIONS: SettingsState["settings"]["connections"] = [];

/** Before AppInfo arrives, the webview's own locale is the best guess. */
function browserLocale(): string {
  return typeof navigator !== "undefined" && navigator.language ? navigator.language : "en";
}

export function App() {
  useSystemTheme();
  const [boot, setBoot] = useState<Boot>({ status: "loading" });
  const [language, setLanguage] = useState<Language>("system");
  const [languageError, setLanguageError] = useState<UiError | null>(null);
  const [area, setArea] = useState<Area>("connections");
  const [recoveryDismissed, setRecoveryDismissed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    Promise.all([commands.appInfo(), commands.settingsState()]).then(
      ([info, settings]) => {
        if (cancelled) return;
        setLanguage(settings.settings.preferences.language);
        setBoot({ status: "ready", info, settings });
      },
      (reason: unknown) => {
        if (!cancelled) setBoot({ status: "failed", error: toUiError(reason) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const systemLocale = boot.status === "ready" ? boot.info.systemLocale : browserLocale();
  const uiLanguage = resolveLanguage(language, systemLocale);

  useEffect(() => {
    document.documentElement.lang = uiLanguage;
  }, [uiLanguage]);

  const onSettingsChanged = useCallback((settings: SettingsState) => {
    setBoot((prev) => (prev.status === "ready" ? { ...prev, settings } : prev));
  }, []);

  const changeLanguage = (next: Language) => {
    // The switch takes effect at once; saving it is best effort and reported if it fails.
    setLanguage(next);
    setLanguageError(null);
    commands.preferencesSet({ language: next }).catch((reason: unknown) => setLanguageError(toUiError(reason)));
  };

  return (
    <I18nProvider language={uiLanguage}>
      <ReauthProvider connections={boot.status === "ready" ? boot.settings.settings.connections : NO_CONNECTIONS}>
        <Page
          isManagedSidebar
          masthead={<AppMasthead language={language} onLanguageChange={changeLanguage} />}
          sidebar={<AppSidebar area={area} onSelect={setArea} />}
        >
          {boot.status === "loading" && <Loading />}
          {boot.status === "failed" && <StartFailed error={boot.error} />}
          {boot.status === "ready" &&
            (area === "connections" ? (
              <ConnectionsPage
                state={boot.settings}
                onStateChange={onSettingsChanged}
                recoveryDismissed={recoveryDismissed}
                onDismissRecovery={() => setRecoveryDismissed(true)}
              />
            ) : area === "registries" ? (
              <RegistriesPage state={boot.settings} onOpenConnections={() => setArea("connections")} />
            ) : area === "credentials" ? (
              <CredentialsPage
                state={boot.settings}
                onOpenConnections={() => setArea("connections")}
                onOpenRegistries={() => setArea("registries")}
              />
            ) : area === "quay" ? (
              <QuayPage state={boot.settings} onOpenConnections={() => setArea("connections")} />
            ) : area === "certificates" ? (
              <CertificatesPage state={boot.settings} onStateChange={onSettingsChanged} />
            ) : (
              <AccessPage state={boot.settings} onOpenConnections={() => setArea("connections")} />
            ))}
        </Page>
      </ReauthProvider>
      <LanguageErrorToast error={languageError} onClose={() => setLanguageError(null)} />
    </I18nProvider>
  );
}

function AppMasthead({ language, onLanguageChange }: { language: Language; onLanguageChange: (l: Language) => void }) {
  const t = useT();
  return (
    <Masthead>
      <MastheadMain>
        <MastheadToggle>
          <PageToggleButton isHamburgerButton aria-label={t("nav.toggle")}>
            <BarsIcon />
          </PageToggleButton>
        </MastheadToggle>
        <MastheadBrand>
          <MastheadLogo component="span" className="rc-brand">
            {t("app.brand")}
          </MastheadLogo>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight isStatic>
          <ToolbarContent>
            <ToolbarGroup align={{ default: "alignEnd" }}>
              <ToolbarItem>
                <FormSelect
                  id="language-switch"
                  data-testid="language-switch"
                  aria-label={t("language.label")}
                  value={language}
                  onChange={(_e, value) => onLanguageChange(value as Language)}
                  className="rc-language-switch"
                >
                  {LANGUAGES.map((l) => (
                    <FormSelectOption key={l.value} value={l.value} label={t(l.label)} />
                  ))}
                </FormSelect>
              </ToolbarItem>
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );
}

function AppSidebar({ area, onSelect }: { area: Area; onSelect: (a: Area) => void }) {
  const t = useT();
  return (
    <PageSidebar>
      <PageSidebarBody>
        <Nav aria-label={t("nav.label")}>
          <NavList>
            {AREAS.map((a) => (
              <NavItem
                key={a.id}
                itemId={a.id}
                isActive={area === a.id}
                component="button"
                data-testid={`nav-${a.id}`}
                onClick={() => onSelect(a.id)}
              >
                {t(a.label)}
              </NavItem>
            ))}
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );
}

function Loading() {
  const t = useT();
  return (
    <Bullseye className="pf-v6-u-p-xl">
      <Spinner aria-label={t("app.loading")} />
    </Bullseye>
  );
}

function StartFailed({ error }: { error: UiError }) {
  const t = useT();
  return (
    <EmptyState status="danger" icon={ExclamationCircleIcon} titleText={t("app.startFailed")} headingLevel="h1">
      <EmptyStateBody>
        {error.message}
        {error.detail && <div className="rc-detail">{error.detail}</div>}
      </EmptyStateBody>
    </EmptyState>
  );
}

function LanguageErrorToast({ error, onClose }: { error: UiError | null; onClose: () => void }) {
  const t = useT();
  if (!error) return null;
  return (
    <AlertGroup isToast isLiveRegion>
      <Alert
        variant="danger"
        title={t("language.saveFailed")}
        actionClose={<AlertActionCloseButton aria-label={t("common.close")} onClose={onClose} />}
      >
        {error.message}
        {error.detail && <div className="rc-detail">{error.detail}</div>}
      </Alert>
    </AlertGroup>
  );
}
