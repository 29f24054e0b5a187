import { Button, Content } from "@patternfly/react-core";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { CopyButton } from "../components/CopyButton";

const STEPS = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `quaySteps.${n}` as MessageKey);

/**
 * The first token, before any sign-in: the steps of seed 003 in Quay's web UI. It cannot be
 * done from here: creating (or reading the client secret of) an organization's application
 * takes a call to Quay's API with a token, and the browser flow must point the application's
 * redirect URI at the app's listener port through the API too (Quay matches host and port
 * exactly). Once signed in, the Applications tab generates further tokens without leaving the app.
 */
export function QuayTokenSteps({ url, onPaste }: { url: string; onPaste: () => void }) {
  const t = useT();
  return (
    <div data-testid="quay-token-steps" className="rc-bridge-gap">
      <Content component="p" className="rc-mb-md">
        {t("quaySteps.why")}
      </Content>
      <Content component="p">
        {t("quaySteps.open")} <code data-testid="quay-token-steps-url">{url}</code> <CopyButton text={url} label={url} />
      </Content>
      <Content component="p">
        <strong>{t("quaySteps.title")}</strong>
      </Content>
      <Content component="ol">
        {STEPS.map((key) => (
          <Content component="li" key={key}>
            {t(key)}
          </Content>
        ))}
      </Content>
      <Button variant="secondary" data-testid="quay-token-steps-paste" onClick={onPaste}>
        {t("quaySteps.pasteTab")}
      </Button>
    </div>
  );
}
