import { useState } from "react";
import { HelperText, HelperTextItem, ToggleGroup, ToggleGroupItem } from "@patternfly/react-core";
import type { Connection } from "../bindings/Connection";
import type { Instructions } from "../bindings/Instructions";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { openshiftVersionOf } from "../connections/labels";
import { CopyCommand } from "./common";

/** Where a certificate goes: OpenShift 4.x or 3.x, Red Hat Quay, or any other registry. */
export type CertPlatform = "v4" | "v3" | "quay" | "registry";

export const CERT_PLATFORMS: CertPlatform[] = ["v4", "v3", "quay", "registry"];

const PLATFORM_LABEL: Record<CertPlatform, MessageKey> = {
  v4: "platform.v4",
  v3: "platform.v3",
  quay: "kind.quay",
  registry: "instructions.platformRegistry",
};

/**
 * The platform a connection's certificate is for, as the user picked it for the connection:
 * an OpenShift connection's version, a registry linked to a cluster takes the cluster's, a Quay
 * connection is Quay. Without a connection: OpenShift 4.x.
 */
export function platformOf(connection: Connection | null, connections: Connection[]): CertPlatform {
  if (!connection) return "v4";
  if (connection.kind === "quay") return "quay";
  const cluster = connection.linkedCluster ? connections.find((c) => c.id === connection.linkedCluster) : connection;
  return openshiftVersionOf(cluster) ?? "registry";
}

interface Step {
  title: MessageKey;
  help?: MessageKey;
  text: string;
  testId: string;
}

/** The steps of one platform, in the order they are done; steps without lines are left out. */
function stepsOf(platform: CertPlatform, i: Instructions): Step[] {
  const docker: Step = { title: "instructions.dockerCertsD", text: i.dockerCertsD.join("\n"), testId: "instructions-docker" };
  const podman: Step = { title: "instructions.podmanCertsD", text: i.podmanCertsD.join("\n"), testId: "instructions-podman" };
  const byPlatform: Record<CertPlatform, Step[]> = {
    v4: [
      { title: "instructions.route", help: "instructions.routeHelp", text: i.routeCertificate, testId: "instructions-route" },
      { title: "instructions.trustedCa", help: "instructions.trustedCaHelp", text: i.additionalTrustedCa, testId: "instructions-trusted-ca" },
      podman,
    ],
    v3: [{ title: "instructions.ocSecret", help: "instructions.ocSecretHelp", text: i.ocCreateSecret, testId: "instructions-oc" }, docker],
    quay: [{ title: "instructions.quay", help: "instructions.quayHelp", text: i.quaySsl, testId: "instructions-quay" }, podman, docker],
    registry: [podman, docker],
  };
  return byPlatform[platform].filter((s) => s.text.trim() !== "");
}

/** "Install it": the copy-ready steps for the platform the certificate goes to, switchable. */
export function InstallSteps({ instructions, initial }: { instructions: Instructions; initial: CertPlatform }) {
  const t = useT();
  const [platform, setPlatform] = useState<CertPlatform>(initial);
  return (
    <div className="rc-instructions">
      <span className="rc-copy-label" id="install-platform-label">
        {t("instructions.platform")}
      </span>
      <ToggleGroup aria-labelledby="install-platform-label" data-testid="install-platform">
        {CERT_PLATFORMS.map((p) => (
          <ToggleGroupItem
            key={p}
            text={t(PLATFORM_LABEL[p])}
            buttonId={`install-platform-${p}`}
            data-testid={`install-platform-${p}`}
            isSelected={platform === p}
            onChange={() => setPlatform(p)}
          />
        ))}
      </ToggleGroup>
      {stepsOf(platform, instructions).map((step, n) => (
        <div key={step.testId} className="rc-install-step">
          <span className="rc-copy-label">
            {n + 1}. {t(step.title)}
          </span>
          {step.help && (
            <HelperText>
              <HelperTextItem>{t(step.help)}</HelperTextItem>
            </HelperText>
          )}
          <CopyCommand text={step.text} label={t(step.title)} testId={step.testId} />
        </div>
      ))}
    </div>
  );
}
