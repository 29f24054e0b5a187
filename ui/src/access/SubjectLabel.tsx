import { Label } from "@patternfly/react-core";
import type { Subject } from "../bindings/Subject";
import { useT } from "../i18n/i18n";

/** A subject with its kind (User, Group, ServiceAccount) and, for a service account, its project. */
export function SubjectCell({ subject }: { subject: Subject }) {
  const t = useT();
  const color = subject.kind === "User" ? "blue" : subject.kind === "Group" ? "purple" : "teal";
  const special =
    subject.kind === "Group" && subject.name === "system:unauthenticated"
      ? t("access.subject.anonymousNote")
      : subject.kind === "Group" && subject.name.startsWith("system:serviceaccounts:")
        ? t("access.subject.allAccountsNote", { project: subject.name.slice("system:serviceaccounts:".length) })
        : null;
  return (
    <span className="rc-subject">
      <Label isCompact color={color}>
        {t(`access.kind.${subject.kind}`)}
      </Label>{" "}
      <span className="rc-mono">{subject.name}</span>
      {subject.namespace && (
        <span className="rc-subtle"> {t("access.subject.inProject", { project: subject.namespace })}</span>
      )}
      {special && <span className="rc-subtle"> — {special}</span>}
    </span>
  );
}
