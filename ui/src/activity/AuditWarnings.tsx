import { useEffect, useState } from "react";
import { Alert, AlertActionCloseButton, AlertGroup } from "@patternfly/react-core";
import { listen } from "@tauri-apps/api/event";
import type { AuditWarning } from "../bindings/AuditWarning";
import { useT } from "../i18n/i18n";

/** The event the backend sends when a change was made but its activity entry was not written. */
export const AUDIT_WARNING_EVENT = "audit-warning";

/**
 * Says, at the moment of the change, that the change was made but the activity log could not
 * record it (disk full, no permission). The change itself stands; the warning stays until closed.
 */
export function AuditWarnings() {
  const t = useT();
  const [warnings, setWarnings] = useState<{ id: number; warning: AuditWarning }[]>([]);

  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    let next = 0;
    listen<AuditWarning>(AUDIT_WARNING_EVENT, (event) => {
      next += 1;
      const id = next;
      setWarnings((list) => [...list, { id, warning: event.payload }]);
    }).then(
      (unlisten) => {
        if (cancelled) unlisten();
        else stop = unlisten;
      },
      // No event bridge (a test without one): nothing to listen to.
      () => {},
    );
    return () => {
      cancelled = true;
      stop?.();
    };
  }, []);

  return (
    <AlertGroup isToast isLiveRegion>
      {warnings.map(({ id, warning }) => (
        <Alert
          key={id}
          variant="warning"
          data-testid="audit-warning"
          title={t("activity.warning.title")}
          actionClose={<AlertActionCloseButton onClose={() => setWarnings((list) => list.filter((w) => w.id !== id))} />}
        >
          {t("activity.warning.body", { action: t(`activity.action.${warning.action}`), message: warning.message })}
        </Alert>
      ))}
    </AlertGroup>
  );
}
