import { useCallback, useEffect, useState } from "react";
import {
  ActionGroup,
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Label,
  Spinner,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { CheckCircleIcon, ExclamationCircleIcon, SyncAltIcon } from "@patternfly/react-icons";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../../bindings/commands";
import type { CheckFailure } from "../../bindings/CheckFailure";
import type { HealthReport } from "../../bindings/HealthReport";
import { toUiError, type UiError } from "../../errors";
import { useT, type Translate } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/en";
import { formatAbsolute } from "../../components/time";
import { ErrorDetails } from "../../components/ErrorAlert";
import { RegistryErrorAlert } from "../RegistryErrorAlert";
import "./health.css";

export interface HealthTabProps {
  connectionId: string;
  /** The debug address saved for the connection, as the Health tab last learnt it. */
  debugAddress: string | null;
  onDebugAddressChange: (address: string | null) => void;
}

/** A failed check in the user's words, with the server's under "Details". */
function Failure({ failure, testId }: { failure: CheckFailure; testId: string }) {
  const t = useT();
  return (
    <Alert isInline isPlain variant="danger" title={t(`health.failure.${failure.kind}` as MessageKey)} data-testid={testId}>
      <ErrorDetails error={{ code: "other", message: failure.message, detail: null }} />
    </Alert>
  );
}

function Status({ ok, children, testId }: { ok: boolean; children: React.ReactNode; testId: string }) {
  return (
    <Label color={ok ? "green" : "red"} icon={ok ? <CheckCircleIcon /> : <ExclamationCircleIcon />} data-testid={testId}>
      {children}
    </Label>
  );
}

function ms(t: Translate, value: number): string {
  return t("health.ms", { ms: value.toLocaleString(t.language) });
}

/** The registry's /v2/ answer, OpenShift's /healthz, and /debug/health with each named check. */
export function HealthTab({ connectionId, debugAddress, onDebugAddressChange }: HealthTabProps) {
  const t = useT();
  const [report, setReport] = useState<HealthReport | null>(null);
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [address, setAddress] = useState(debugAddress ?? "");
  const [addressError, setAddressError] = useState<UiError | null>(null);

  const check = useCallback(async () => {
    setChecking(true);
    setError(null);
    try {
      const next = await commands.registryHealth(connectionId);
      setReport(next);
      setCheckedAt(new Date());
    } catch (reason) {
      setError(toUiError(reason));
    } finally {
      setChecking(false);
    }
  }, [connectionId]);

  useEffect(() => {
    void check();
  }, [check]);

  const saveAddress = async (value: string | null) => {
    setAddressError(null);
    try {
      const saved = await commands.registrySetDebugAddress(connectionId, value);
      setAddress(saved ?? "");
      onDebugAddressChange(saved);
      await check();
    } catch (reason) {
      setAddressError(toUiError(reason));
    }
  };

  const v2 = report?.v2 ?? null;
  const debug = report?.debug ?? null;
  return (
    <div className="rc-health" data-testid="health-tab">
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button variant="secondary" icon={<SyncAltIcon />} onClick={() => void check()} isDisabled={checking} data-testid="health-recheck">
              {t("health.recheck")}
            </Button>
          </ToolbarItem>
          <ToolbarItem alignSelf="center">
            {checking ? (
              <span className="rc-count">
                <Spinner size="sm" aria-hidden /> {t("health.checking")}
              </span>
            ) : (
              checkedAt && (
                <span className="rc-count" data-testid="health-checked-at">
                  {t.nodes("health.checkedAt", {
                    time: (
                      <time dateTime={checkedAt.toISOString()} title={formatAbsolute(checkedAt, t.language)}>
                        {checkedAt.toLocaleTimeString(t.language)}
                      </time>
                    ),
                  })}
                </span>
              )
            )}
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {error && <RegistryErrorAlert error={error} fallbackTitle="health.loadFailed" onRetry={() => void check()} />}
      {report && (
        <div className="rc-health-cards">
          <Card isCompact data-testid="health-v2">
            <CardTitle>{t("health.v2.title")}</CardTitle>
            <CardBody>
              {report.v2Failure && <Failure failure={report.v2Failure} testId="health-v2-failure" />}
              {v2 && (
                <>
                  <Status ok={v2.status === 200 || v2.status === 401} testId="health-v2-status">
                    {v2.status === 200 || v2.status === 401 ? t("health.v2.answers") : t("health.v2.notAnswering")}
                  </Status>
                  <DescriptionList isHorizontal isCompact className="pf-v6-u-mt-sm">
                    <DescriptionListGroup>
                      <DescriptionListTerm>{t("health.v2.status")}</DescriptionListTerm>
                      <DescriptionListDescription data-testid="health-v2-code">HTTP {v2.status}</DescriptionListDescription>
                    </DescriptionListGroup>
                    <DescriptionListGroup>
                      <DescriptionListTerm>{t("health.v2.apiVersion")}</DescriptionListTerm>
                      <DescriptionListDescription data-testid="health-v2-api-version">{v2.apiVersion ?? "—"}</DescriptionListDescription>
                    </DescriptionListGroup>
                    <DescriptionListGroup>
                      <DescriptionListTerm>{t("health.v2.auth")}</DescriptionListTerm>
                      <DescriptionListDescription data-testid="health-v2-auth">{v2.authScheme ?? t("health.v2.authNone")}</DescriptionListDescription>
                    </DescriptionListGroup>
                    {v2.realm && (
                      <DescriptionListGroup>
                        <DescriptionListTerm>{t("health.v2.realm")}</DescriptionListTerm>
                        <DescriptionListDescription data-testid="health-v2-realm">{v2.realm}</DescriptionListDescription>
                      </DescriptionListGroup>
                    )}
                    {v2.service && (
                      <DescriptionListGroup>
                        <DescriptionListTerm>{t("health.v2.service")}</DescriptionListTerm>
                        <DescriptionListDescription>{v2.service}</DescriptionListDescription>
                      </DescriptionListGroup>
                    )}
                    <DescriptionListGroup>
                      <DescriptionListTerm>{t("health.v2.roundTrip")}</DescriptionListTerm>
                      <DescriptionListDescription data-testid="health-v2-rtt">{ms(t, v2.roundTripMs)}</DescriptionListDescription>
                    </DescriptionListGroup>
                    {v2.registryError && (
                      <DescriptionListGroup>
                        <DescriptionListTerm>{t("health.v2.registryError")}</DescriptionListTerm>
                        <DescriptionListDescription data-testid="health-v2-error">{v2.registryError}</DescriptionListDescription>
                      </DescriptionListGroup>
                    )}
                  </DescriptionList>
                </>
              )}
            </CardBody>
          </Card>

          <Card isCompact data-testid="health-healthz">
            <CardTitle>{t("health.healthz.title")}</CardTitle>
            <CardBody>
              {report.healthzFailure && <Failure failure={report.healthzFailure} testId="health-healthz-failure" />}
              {report.healthz && (
                <>
                  <Status ok={report.healthz.healthy} testId="health-healthz-status">
                    {report.healthz.healthy ? t("health.healthz.healthy") : t("health.healthz.unhealthy", { status: String(report.healthz.status) })}
                  </Status>{" "}
                  <span className="rc-count">{ms(t, report.healthz.roundTripMs)}</span>
                  {report.healthz.body && <pre className="rc-health-body">{report.healthz.body}</pre>}
                </>
              )}
            </CardBody>
          </Card>

          <Card isCompact data-testid="health-debug">
            <CardTitle>{t("health.debug.title")}</CardTitle>
            <CardBody>
              {!report.debugAddress && <p className="pf-v6-u-mb-sm">{t("health.debug.none")}</p>}
              {report.debugFailure && <Failure failure={report.debugFailure} testId="health-debug-failure" />}
              {debug && (
                <>
                  <Status ok={debug.healthy} testId="health-debug-status">
                    {debug.healthy ? t("health.debug.healthy") : t("health.debug.failing", { count: String(debug.checks.length) })}
                  </Status>{" "}
                  <span className="rc-count">{ms(t, debug.roundTripMs)}</span>
                  {debug.checks.some((c) => c.name.startsWith("storagedriver_")) && (
                    <Alert isInline variant="danger" title={t("health.storageCheck")} className="pf-v6-u-mt-sm" data-testid="health-storage-failing" />
                  )}
                  {debug.checks.length > 0 && (
                    <Table variant="compact" aria-label={t("health.debug.title")} data-testid="health-debug-checks">
                      <Thead>
                        <Tr>
                          <Th>{t("health.debug.check")}</Th>
                          <Th>{t("health.debug.error")}</Th>
                        </Tr>
                      </Thead>
                      <Tbody>
                        {debug.checks.map((c) => (
                          <Tr key={c.name}>
                            <Td dataLabel={t("health.debug.check")}>
                              <code>{c.name}</code>
                            </Td>
                            <Td dataLabel={t("health.debug.error")}>{c.error}</Td>
                          </Tr>
                        ))}
                      </Tbody>
                    </Table>
                  )}
                  {debug.moreChecks && <p className="rc-count">{t("health.debug.more")}</p>}
                </>
              )}
              <Form
                className="pf-v6-u-mt-md"
                onSubmit={(e) => {
                  e.preventDefault();
                  void saveAddress(address.trim() === "" ? null : address);
                }}
              >
                <FormGroup label={t("health.debug.address")} fieldId="health-debug-address">
                  <TextInput
                    id="health-debug-address"
                    data-testid="health-debug-address"
                    value={address}
                    onChange={(_e, value) => setAddress(value)}
                    placeholder="127.0.0.1:5001"
                    validated={addressError ? "error" : "default"}
                  />
                  <FormHelperText>
                    <HelperText>
                      <HelperTextItem variant={addressError ? "error" : "default"} data-testid="health-debug-address-help">
                        {addressError ? addressError.message : t("health.debug.addressHelp")}
                      </HelperTextItem>
                    </HelperText>
                  </FormHelperText>
                </FormGroup>
                <ActionGroup>
                  <Button type="submit" variant="primary" data-testid="health-debug-address-save">
                    {t("health.debug.save")}
                  </Button>
                  {report.debugAddress && (
                    <Button variant="link" onClick={() => void saveAddress(null)} data-testid="health-debug-address-remove">
                      {t("health.debug.remove")}
                    </Button>
                  )}
                </ActionGroup>
              </Form>
            </CardBody>
          </Card>
        </div>
      )}
    </div>
  );
}
