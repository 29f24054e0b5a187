import { Label, Spinner, Title } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../bindings/commands";
import { useT } from "../i18n/i18n";
import { useLoad } from "../hooks/useLoad";
import { QuayErrorAlert } from "./QuayErrorAlert";
import { ROLE_NAME, failedTitle } from "./quayTeamsShared";

/** A robot account's repository permissions, read-only (Quay answers them to `user:admin`). */
export function RobotPermissions({ connectionId, organization, shortName }: { connectionId: string; organization: string; shortName: string }) {
  const t = useT();
  const [permissions, reload] = useLoad(
    () => commands.quayRobotPermissions(connectionId, organization, shortName),
    [connectionId, organization, shortName],
  );
  return (
    <section className="pf-v6-u-mt-md" data-testid="quay-robot-permissions">
      <Title headingLevel="h3" size="md">
        {t("quay.robotPerms.title")}
      </Title>
      {permissions.status === "loading" && <Spinner size="md" aria-label={t("quay.loading")} />}
      {permissions.status === "failed" && (
        <QuayErrorAlert error={permissions.error} title={failedTitle(permissions.error, "quay.robotPerms.denied", "quay.robotPerms.failed")} onRetry={reload} />
      )}
      {permissions.status === "ready" && !permissions.value.length && <p data-testid="quay-robot-permissions-none">{t("quay.robotPerms.none")}</p>}
      {permissions.status === "ready" && permissions.value.length > 0 && (
        <Table aria-label={t("quay.robotPerms.title")} variant="compact">
          <Thead>
            <Tr>
              <Th>{t("quay.robotPerms.columnRepository")}</Th>
              <Th>{t("quay.robotPerms.columnRole")}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {permissions.value.map((p) => (
              <Tr key={p.repository} data-testid="quay-robot-permission-row" data-repository={p.repository} data-role={p.role}>
                <Td>
                  <span className="rc-mono">
                    {organization}/{p.repository}
                  </span>
                  {p.isPublic && (
                    <>
                      {" "}
                      <Label isCompact color="orange">
                        {t("quay.robotPerms.public")}
                      </Label>
                    </>
                  )}
                </Td>
                <Td>{ROLE_NAME[p.role]}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </section>
  );
}
