import { useMemo, useState } from "react";
import { Alert, AlertActionCloseButton, Button, Form, FormGroup, FormHelperText, FormSelect, FormSelectOption, HelperText, HelperTextItem, Modal, ModalBody, ModalFooter, ModalHeader, Radio, Spinner, TextInput } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { TimeText } from "../components/TimeText";
import { commands } from "../bindings/commands";
import { useSignInShown, useWithSignIn } from "../signin/Reauth";
import type { RoleBindingRow } from "../bindings/RoleBindingRow";
import type { Subject } from "../bindings/Subject";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { matches, type TabProps } from "./AccessPage";
import { ClusterErrorAlert } from "./ClusterErrorAlert";
import { FilterToolbar } from "../components/FilterToolbar";
import { GRANTABLE_ROLES } from "./subjects";
import { SubjectCell } from "./SubjectLabel";
import { useLoad } from "../hooks/useLoad";
import { ConfirmModal } from "../components/ConfirmModal";
import { shellQuote } from "../credentials/PullSecretImport";
import { ProjectPicker, ServiceAccountPicker } from "./Pickers";
import { SameAsLine } from "./SameAsLine";

type Notice = { variant: "success" | "info"; text: string };

export function RoleBindingsTab({ connectionId, project, projects, onSignIn }: TabProps) {
  const t = useT();
  const withSignIn = useWithSignIn(connectionId);
  const [rows, reload] = useLoad(
    () => withSignIn("reauth.what.bindings", () => commands.clusterRoleBindings(connectionId, project)),
    [connectionId, project, withSignIn],
  );
  const [filter, setFilter] = useState("");
  const [granting, setGranting] = useState(false);
  const [revoking, setRevoking] = useState<RoleBindingRow | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const shown = useMemo(
    () =>
      rows.status === "ready"
        ? rows.value.filter((r) => matches(filter, r.role, r.subject.name, r.subject.namespace, r.binding, r.subject.kind))
        : [],
    [rows, filter],
  );

  return (
    <>
      <FilterToolbar
        testId="bindings-filter"
        label={t("access.bindings.filter")}
        filter={filter}
        onFilter={setFilter}
        count={rows.status === "ready" ? t("access.count", { shown: shown.length, total: rows.value.length }) : null}
      >
        <Button data-testid="grant-open" onClick={() => setGranting(true)}>
          {t("access.grant.open")}
        </Button>
      </FilterToolbar>
      {notice && (
        <Alert
          isInline
          variant={notice.variant}
          title={notice.text}
          data-testid="bindings-notice"
          className="rc-mb-md"
          actionClose={<AlertActionCloseButton aria-label={t("common.close")} onClose={() => setNotice(null)} />}
        />
      )}
      {rows.status === "loading" && <Spinner size="lg" aria-label={t("app.loading")} />}
      {rows.status === "failed" && (
        <ClusterErrorAlert error={rows.error} title="access.bindings.loadFailed" onSignIn={onSignIn} onRetry={reload} />
      )}
      {rows.status === "ready" && (
        <Table aria-label={t("access.tab.bindings")} variant="compact" data-testid="bindings-table">
          <Thead>
            <Tr>
              <Th width={25}>{t("access.col.role")}</Th>
              <Th width={35}>{t("access.col.subject")}</Th>
              <Th width={20}>{t("access.col.binding")}</Th>
              <Th width={10}>{t("access.col.created")}</Th>
              <Th screenReaderText={t("access.col.actions")} />
            </Tr>
          </Thead>
          <Tbody>
            {shown.map((r) => (
              <Tr key={`${r.binding}/${r.subject.kind}/${r.subject.namespace ?? ""}/${r.subject.name}`} data-testid="binding-row">
                <Td dataLabel={t("access.col.role")}>
                  <span className="rc-mono">{r.role}</span>
                  {r.roleKind === "Role" && <span className="rc-subtle"> {t("access.roleKind.Role")}</span>}
                </Td>
                <Td dataLabel={t("access.col.subject")}>
                  <SubjectCell subject={r.subject} />
                </Td>
                <Td dataLabel={t("access.col.binding")} className="rc-mono">
                  {r.binding}
                </Td>
                <Td dataLabel={t("access.col.created")}>
                  <TimeText value={r.created} testId="binding-created" />
                </Td>
                <Td isActionCell>
                  <Button variant="link" isDanger size="sm" data-testid="revoke-open" onClick={() => setRevoking(r)}>
                    {t("access.revoke.open")}
                  </Button>
                </Td>
              </Tr>
            ))}
            {!shown.length && (
              <Tr>
                <Td colSpan={5}>{t(rows.value.length ? "access.noMatch" : "access.bindings.none")}</Td>
              </Tr>
            )}
          </Tbody>
        </Table>
      )}
      {granting && (
        <GrantRoleModal
          connectionId={connectionId}
          project={project}
          projects={projects}
          onSignIn={onSignIn}
          onClose={() => setGranting(false)}
          onGranted={(text) => {
            setGranting(false);
            setNotice({ variant: "success", text });
            reload();
          }}
        />
      )}
      {revoking && (
        <RevokeModal
          connectionId={connectionId}
          project={project}
          row={revoking}
          onSignIn={onSignIn}
          onClose={() => setRevoking(null)}
          onRevoked={(text) => {
            setRevoking(null);
            setNotice({ variant: "success", text });
            reload();
          }}
        />
      )}
    </>
  );
}

type SubjectChoice = "user" | "group" | "serviceAccount" | "allServiceAccounts" | "anonymous";

/** The subject the Grant dialog's fields describe, or null while a needed field is empty. */
export function subjectOf(choice: SubjectChoice, name: string, saProject: string): Subject | null {
  const n = name.trim();
  switch (choice) {
    case "user":
      return n ? { kind: "User", name: n, namespace: null } : null;
    case "group":
      return n ? { kind: "Group", name: n, namespace: null } : null;
    case "serviceAccount":
      return n && saProject ? { kind: "ServiceAccount", name: n, namespace: saProject } : null;
    case "allServiceAccounts":
      return saProject ? { kind: "Group", name: `system:serviceaccounts:${saProject}`, namespace: null } : null;
    case "anonymous":
      return { kind: "Group", name: "system:unauthenticated", namespace: null };
  }
}

/** The `oc policy` line a grant amounts to, every value filled in and quoted for the shell. */
export function grantCommand(role: string, subject: Subject, project: string): string {
  const q = shellQuote;
  if (subject.kind === "Group") return `oc policy add-role-to-group ${q(role)} ${q(subject.name)} -n ${q(project)}`;
  const user = subject.kind === "ServiceAccount" ? `system:serviceaccount:${subject.namespace ?? ""}:${subject.name}` : subject.name;
  return `oc policy add-role-to-user ${q(role)} ${q(user)} -n ${q(project)}`;
}

function GrantRoleModal({
  connectionId,
  project,
  projects,
  onSignIn,
  onClose,
  onGranted,
}: Omit<TabProps, "connections"> & { onClose: () => void; onGranted: (text: string) => void }) {
  const t = useT();
  const withSignIn = useWithSignIn(connectionId);
  const [role, setRole] = useState<string>(GRANTABLE_ROLES[0]);
  const [choice, setChoice] = useState<SubjectChoice>("user");
  const [name, setName] = useState("");
  const [saProject, setSaProject] = useState(project);
  // Picking the project opens the account list next: the grant takes six clicks.
  const [accountsSignal, setAccountsSignal] = useState(0);
  const signingIn = useSignInShown();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const subject = subjectOf(choice, name, saProject.trim());
  const needsName = choice === "user" || choice === "group" || choice === "serviceAccount";
  const needsProject = choice === "serviceAccount" || choice === "allServiceAccounts";

  const submit = async () => {
    if (!subject) return;
    setBusy(true);
    setError(null);
    try {
      const outcome = await withSignIn("reauth.what.grant", () =>
        commands.clusterGrantRole(connectionId, project, "ClusterRole", role, subject),
      );
      onGranted(
        t(outcome.created ? "access.grant.done" : "access.grant.already", {
          role,
          subject: subject.kind === "ServiceAccount" ? `${subject.namespace}/${subject.name}` : subject.name,
          binding: outcome.binding,
          project,
        }),
      );
    } catch (reason) {
      setError(toUiError(reason));
      setBusy(false);
    }
  };

  const choices: { id: SubjectChoice; label: string }[] = [
    { id: "user", label: t("access.grant.subject.user") },
    { id: "group", label: t("access.grant.subject.group") },
    { id: "serviceAccount", label: t("access.grant.subject.serviceAccount") },
    { id: "allServiceAccounts", label: t("access.grant.subject.allServiceAccounts") },
    { id: "anonymous", label: t("access.grant.subject.anonymous") },
  ];

  return (
    <Modal isOpen={!signingIn} variant="medium" onClose={onClose} aria-labelledby="grant-title" data-testid="grant-modal">
      <ModalHeader title={t("access.grant.title", { project })} labelId="grant-title" />
      <ModalBody>
        {error && <ClusterErrorAlert error={error} title="access.grant.failed" onSignIn={onSignIn} />}
        <Form
          id="grant-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <FormGroup label={t("access.grant.role")} fieldId="grant-role" isRequired>
            <FormSelect id="grant-role" data-testid="grant-role" value={role} onChange={(_e, v) => setRole(v)}>
              {GRANTABLE_ROLES.map((r) => (
                <FormSelectOption key={r} value={r} label={r} />
              ))}
            </FormSelect>
            <FormHelperText>
              <HelperText>
                <HelperTextItem>{t(`access.roleHelp.${role as (typeof GRANTABLE_ROLES)[number]}`)}</HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
          <FormGroup label={t("access.grant.subject")} role="radiogroup" fieldId="grant-subject" isStack>
            {choices.map((c) => (
              <Radio
                key={c.id}
                id={`grant-subject-${c.id}`}
                data-testid={`grant-subject-${c.id}`}
                name="grant-subject"
                label={c.label}
                isChecked={choice === c.id}
                onChange={() => setChoice(c.id)}
              />
            ))}
          </FormGroup>
          {needsProject && (
            <FormGroup label={t("access.grant.saProject")} fieldId="grant-sa-project" isRequired>
              <ProjectPicker
                id="grant-sa-project"
                testId="grant-sa-project"
                ariaLabel={t("access.grant.saProject")}
                projects={projects}
                value={saProject}
                onChange={setSaProject}
                onPicked={() => choice === "serviceAccount" && setAccountsSignal((n) => n + 1)}
              />
            </FormGroup>
          )}
          {needsName && (
            <FormGroup
              label={t(choice === "user" ? "access.grant.userName" : choice === "group" ? "access.grant.groupName" : "access.grant.saName")}
              fieldId="grant-name"
              isRequired
            >
              {choice === "serviceAccount" ? (
                <ServiceAccountPicker
                  id="grant-name"
                  testId="grant-name"
                  ariaLabel={t("access.grant.saName")}
                  connectionId={connectionId}
                  project={saProject.trim()}
                  value={name}
                  onChange={setName}
                  openSignal={accountsSignal}
                />
              ) : (
                <TextInput id="grant-name" data-testid="grant-name" value={name} onChange={(_e, v) => setName(v)} />
              )}
            </FormGroup>
          )}
          {choice === "anonymous" && (
            <Alert isInline isPlain variant="warning" title={t("access.grant.anonymousWarning")} />
          )}
          {subject && <SameAsLine testId="grant-preview" command={grantCommand(role, subject, project)} />}
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button type="submit" form="grant-form" data-testid="grant-submit" isDisabled={!subject || busy} isLoading={busy}>
          {t("access.grant.submit")}
        </Button>
        <Button variant="link" onClick={onClose}>
          {t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function RevokeModal({
  connectionId,
  project,
  row,
  onSignIn,
  onClose,
  onRevoked,
}: {
  connectionId: string;
  project: string;
  row: RoleBindingRow;
  onSignIn: () => void;
  onClose: () => void;
  onRevoked: (text: string) => void;
}) {
  const t = useT();
  const withSignIn = useWithSignIn(connectionId);
  const who = row.subject.kind === "ServiceAccount" ? `${row.subject.namespace}/${row.subject.name}` : row.subject.name;
  return (
    <ConfirmModal
      testId="revoke-modal"
      bodyTestId="revoke-text"
      confirmTestId="revoke-confirm"
      variant="danger"
      title={t("access.revoke.title")}
      body={t("access.revoke.body", { role: row.role, kind: t(`access.kind.${row.subject.kind}`), subject: who, binding: row.binding, project })}
      confirm={t("access.revoke.confirm")}
      failed="access.revoke.failed"
      errorAlert={ClusterErrorAlert}
      onSignIn={onSignIn}
      onCancel={onClose}
      run={async () => {
        const outcome = await withSignIn("reauth.what.revoke", () =>
          commands.clusterRevokeRole(connectionId, project, row.roleKind, row.role, row.subject),
        );
        onRevoked(
          t("access.revoke.done", {
            role: row.role,
            subject: who,
            bindings: [...outcome.updated, ...outcome.deleted].join(", "),
          }),
        );
      }}
    />
  );
}
