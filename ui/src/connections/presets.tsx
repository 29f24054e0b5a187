import { Button, FormGroup, HelperText, HelperTextItem } from "@patternfly/react-core";
import { useT } from "../i18n/i18n";
import type { FormValues } from "./ConnectionFormModal";

/**
 * The Red Hat registry (seed 004). Its `/v2/` answers `Bearer realm="https://sso.redhat.com/
 * auth/realms/rhcc/protocol/redhat-docker-v2/auth",service="docker-registry"`: the token
 * service is on another host, which the registry client follows (credentials go there over
 * https only). A registry service account signs in as `12345678|name` with its token.
 */
export const RED_HAT_REGISTRY: Pick<FormValues, "name" | "kind" | "url" | "tls"> = {
  name: "Red Hat registry",
  kind: "registry",
  url: "https://registry.redhat.io",
  tls: "system",
};

/** Presets for a new connection: one click fills the form. */
export function ConnectionPresets({ onPick }: { onPick: (values: Pick<FormValues, "name" | "kind" | "url" | "tls">) => void }) {
  const t = useT();
  return (
    <FormGroup label={t("preset.label")} fieldId="connection-preset" data-testid="connection-presets">
      <Button variant="secondary" size="sm" id="connection-preset" data-testid="preset-red-hat" onClick={() => onPick(RED_HAT_REGISTRY)}>
        {t("preset.redHat")}
      </Button>
      <HelperText>
        <HelperTextItem>{t("preset.redHatHelp")}</HelperTextItem>
      </HelperText>
    </FormGroup>
  );
}
