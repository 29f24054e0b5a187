import { useState } from "react";
import { PageSection, Tab, TabTitleText, Tabs, Title } from "@patternfly/react-core";
import type { Connection } from "../bindings/Connection";
import type { SettingsState } from "../bindings/SettingsState";
import { useT } from "../i18n/i18n";
import { BundleDoctorTab } from "./BundleDoctorTab";
import { GenerateTab } from "./GenerateTab";
import { LiveEndpointTab } from "./LiveEndpointTab";

type CertTab = "doctor" | "endpoint" | "generate";

export interface CertificatesPageProps {
  state: SettingsState;
  onStateChange: (state: SettingsState) => void;
}

/**
 * The certificate tools of the registry documents (3.2.6.2, 3.4.2): check a bundle before it is
 * installed, inspect what an endpoint presents, and make a server certificate. Each tab keeps
 * its work while another is open.
 */
export function CertificatesPage({ state, onStateChange }: CertificatesPageProps) {
  const t = useT();
  const [tab, setTab] = useState<CertTab>("doctor");
  const connections = state.settings.connections;

  const onConnectionChanged = (changed: Connection) => {
    onStateChange({
      ...state,
      settings: {
        ...state.settings,
        connections: connections.map((c) => (c.id === changed.id ? changed : c)),
      },
    });
  };

  return (
    <>
      <PageSection>
        <Title headingLevel="h1" data-testid="page-title">
          {t("certs.title")}
        </Title>
      </PageSection>
      <PageSection padding={{ default: "noPadding" }} className="rc-certs-tabs">
        <Tabs
          activeKey={tab}
          onSelect={(_e, key) => setTab(key as CertTab)}
          aria-label={t("certs.tabsLabel")}
          inset={{ default: "insetLg" }}
          data-testid="certs-tabs"
        >
          <Tab eventKey="doctor" id="certs-doctor" tabContentId="certs-panel-doctor" data-testid="tab-doctor" title={<TabTitleText>{t("certs.tabDoctor")}</TabTitleText>} />
          <Tab eventKey="endpoint" id="certs-endpoint" tabContentId="certs-panel-endpoint" data-testid="tab-endpoint" title={<TabTitleText>{t("certs.tabEndpoint")}</TabTitleText>} />
          <Tab eventKey="generate" id="certs-generate" tabContentId="certs-panel-generate" data-testid="tab-generate" title={<TabTitleText>{t("certs.tabGenerate")}</TabTitleText>} />
        </Tabs>
      </PageSection>
      {/* The panels stay mounted (each keeps its inputs); the tabs point at them by id. */}
      <PageSection isFilled>
        <div hidden={tab !== "doctor"} id="certs-panel-doctor" role="tabpanel" aria-labelledby="pf-tab-doctor-certs-doctor">
          <BundleDoctorTab connections={connections} />
        </div>
        <div hidden={tab !== "endpoint"} id="certs-panel-endpoint" role="tabpanel" aria-labelledby="pf-tab-endpoint-certs-endpoint">
          <LiveEndpointTab connections={connections} onConnectionChanged={onConnectionChanged} />
        </div>
        <div hidden={tab !== "generate"} id="certs-panel-generate" role="tabpanel" aria-labelledby="pf-tab-generate-certs-generate">
          <GenerateTab connections={connections} />
        </div>
      </PageSection>
    </>
  );
}
