import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import {
  Alert,
  AlertActionCloseButton,
  AlertGroup,
  Bullseye,
  Button,
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
  Tooltip,
} from "@patternfly/react-core";
import { BarsIcon, ExclamationCircleIcon, InfoCircleIcon, KeyboardIcon } from "@patternfly/react-icons";
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
import { ErrorBody } from "./components/ErrorAlert";
import { ActivityPage } from "./activity/ActivityPage";
import { AuditWarnings } from "./activity/AuditWarnings";
import { QuickSwitcher } from "./components/QuickSwitcher";
import { ShortcutsHelp } from "./shortcuts/ShortcutsHelp";
import { useGlobalShortcuts } from "./hooks/useShortcuts";
import { focusCurrentFilter, reloadCurrentList } from "./shortcuts/lists";
import type { Jump } from "./shortcuts/switcher";

// The About dialog and its ~400-package list load when first opened, not at start.
const AboutModal = lazy(() => import("./about/AboutModal").then((m) => ({ default: m.AboutModal })));

export type Area = "connections" | "registries" | "access" | "quay" | "credentials" | "certificates" | "activity";

const AREAS: { id: Area; label: MessageKey }[] = [
  { id: "connections", label: "nav.connections" },
  { id: "registries", label: "nav.registries" },
  { id: "access", label: "nav.access" },
  { id: "quay", label: "nav.quay" },
  { id: "credentials", label: "nav.credentials" },
  { id: "certificates", label: "nav.certificates" },
  { id: "activity", label: "nav.activity" },
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
  /** The registry connection the Registries page shows first (one just opened from a cluster). */
  const [registryFocus, setRegistryFocus] = useState<string | null>(null);
  const [aboutOpen, setAboutOpen] = useState(false);
  /** The registry connection the Registries page shows, remembered with the page. */
  const [shownRegistry, setShownRegistry] = useState<string | null>(null);
  const [switcherOpen, setSwitcherOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  /** Where the quick switcher jumped last; `n` remounts the page even for the same target. */
  const [jump, setJump] = useState<{ to: Jump; n: number } | null>(null);

  useEffect(() => {
    let cancelled = false;
    Promise.all([commands.appInfo(), commands.settingsState()]).then(
      ([info, settings]) => {
        if (cancelled) return;
        setLanguage(settings.settings.preferences.language);
        // Open where the user was when the app last closed.
        const last = settings.settings.lastView;
        const page = AREAS.find((a) => a.id === last?.page)?.id;
        if (page) setArea(page);
        if (last?.connectionId) {
          setRegistryFocus(last.connectionId);
          setShownRegistry(last.connectionId);
        }
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

  // The start page's first frame is on screen: told once (`make bench-footprint` times it).
  const ready = boot.status === "ready";
  useEffect(() => {
    if (!ready) return;
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => {
        commands.appReady().catch(() => {});
      });
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [ready]);

  const systemLocale = boot.status === "ready" ? boot.info.systemLocale : browserLocale();
  const uiLanguage = resolveLanguage(language, systemLocale);

  useEffect(() => {
    document.documentElement.lang = uiLanguage;
  }, [uiLanguage]);

  // The page and connection shown are saved as they change (not at exit, which a killed
  // process never reaches), so the next start opens there. Best effort: a failed save only
  // means the next start opens on another page.
  useEffect(() => {
    if (!ready) return;
    commands.viewRemember({ page: area, connectionId: shownRegistry }).catch(() => undefined);
  }, [ready, area, shownRegistry]);

  const onSettingsChanged = useCallback((settings: SettingsState) => {
    setBoot((prev) => (prev.status === "ready" ? { ...prev, settings } : prev));
  }, []);

  // "Open the cluster's registry" added (or reused) a linked connection: show it.
  const openRegistry = useCallback(
    (id: string) => {
      commands.settingsState().then(
        (settings) => {
          onSettingsChanged(settings);
          setRegistryFocus(id);
          setArea("registries");
        },
        () => setArea("registries"),
      );
    },
    [onSettingsChanged],
  );

  useGlobalShortcuts({
    quickSwitcher: ready
      ? () => {
          setShortcutsOpen(false);
          setSwitcherOpen((open) => !open);
        }
      : undefined,
    focusFilter: () => void focusCurrentFilter(),
    reload: () => void reloadCurrentList(),
    help: () => {
      if (!switcherOpen) setShortcutsOpen(true);
    },
  });

  const jumpTo = (to: Jump) => {
    setSwitcherOpen(false);
    if (to.area === "registries" && to.connectionId) setRegistryFocus(to.connectionId);
    setJump((prev) => ({ to, n: (prev?.n ?? 0) + 1 }));
    setArea(to.area);
  };
  const registryJump = jump?.to.area === "registries" ? jump.to : null;
  const accessJump = jump?.to.area === "access" ? jump.to : null;

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
          masthead={
            <AppMasthead
              language={language}
              onLanguageChange={changeLanguage}
              onAbout={boot.status === "ready" ? () => setAboutOpen(true) : undefined}
              onShortcuts={() => setShortcutsOpen(true)}
            />
          }
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
                onOpenRegistry={openRegistry}
              />
            ) : area === "registries" ? (
              <RegistriesPage
                key={`${registryFocus ?? ""}#${registryJump ? jump?.n : 0}`}
                state={boot.settings}
                onOpenConnections={() => setArea("connections")}
                initialConnectionId={registryFocus}
                onConnectionShown={setShownRegistry}
                initialRepository={registryJump?.repository ?? null}
                initialTag={registryJump?.tag ?? null}
              />
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
            ) : area === "activity" ? (
              <ActivityPage state={boot.settings} />
            ) : (
              <AccessPage
                key={accessJump ? jump?.n : 0}
                initialConnectionId={accessJump?.connectionId}
                initialProject={accessJump?.project}
                state={boot.settings}
                onOpenConnections={() => setArea("connections")}
                onOpenRegistry={openRegistry}
              />
            ))}
        </Page>
      </ReauthProvider>
      <LanguageErrorToast error={languageError} onClose={() => setLanguageError(null)} />
      <AuditWarnings />
      {aboutOpen && boot.status === "ready" && (
        <Suspense fallback={null}>
          <AboutModal info={boot.info} onClose={() => setAboutOpen(false)} />
        </Suspense>
      )}
      {switcherOpen && boot.status === "ready" && (
        <QuickSwitcher connections={boot.settings.settings.connections} onJump={jumpTo} onClose={() => setSwitcherOpen(false)} />
      )}
      {shortcutsOpen && <ShortcutsHelp onClose={() => setShortcutsOpen(false)} />}
    </I18nProvider>
  );
}

function AppMasthead({
  language,
  onLanguageChange,
  onAbout,
  onShortcuts,
}: {
  language: Language;
  onLanguageChange: (l: Language) => void;
  /** Opens the About dialog; absent until the app's facts have arrived. */
  onAbout?: () => void;
  /** Opens the list of keyboard shortcuts (as `?` does). */
  onShortcuts: () => void;
}) {
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
              <ToolbarItem>
                <Tooltip content={t("shortcuts.open")}>
                  <Button
                    variant="plain"
                    icon={<KeyboardIcon />}
                    aria-label={t("shortcuts.open")}
                    data-testid="shortcuts-open"
                    onClick={onShortcuts}
                  />
                </Tooltip>
              </ToolbarItem>
              <ToolbarItem>
                <Tooltip content={t("about.open")}>
                  <Button
                    variant="plain"
                    icon={<InfoCircleIcon />}
                    aria-label={t("about.open")}
                    data-testid="about-open"
                    isDisabled={!onAbout}
                    onClick={onAbout}
                  />
                </Tooltip>
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
        <ErrorBody error={error} />
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
        <ErrorBody error={error} />
      </Alert>
    </AlertGroup>
  );
}
