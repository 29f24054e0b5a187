//! The activity log through a whole console, against real servers: a manifest deleted on a
//! real distribution registry, a role granted (and one refused) on a real kube-apiserver with
//! OpenShift's APIs, an auth file written from an imported pull secret. Each change is read
//! back with its fields; no password or token is ever in the log's files; and a log that
//! cannot be written leaves the change made and says so to the warning sink.

use std::path::Path;
use std::sync::{Arc, Mutex};

use audit::{Action, Filter, Outcome, TargetKind};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use cluster::{RoleKind, Subject};
use codes::ErrorCode;
use connections::{ConnectionDraft, ConnectionKind, SettingsStore, TlsMode};
use console::Console;
use console::activity::AuditWarning;
use credentials::model::AuthFileKind;
use harness::filler::{Arch, Filler, ManifestKind};
use harness::kube::{KubeCluster, KubeUser};
use harness::registry::{Mode, Registry};
use registry::ClientOptions;
use vault::{BasicCredentials, KeptIn, MemoryStore, Secret};

/// A whole console over a scratch settings file and a memory keyring; its activity log is
/// `dir/activity/`.
fn whole_console(dir: &Path) -> Console {
    Console::with_parts(
        SettingsStore::open(dir.join(connections::store::FILE_NAME)),
        dir.join("ca"),
        Arc::new(MemoryStore::new()),
        ClientOptions::default(),
    )
}

/// Every entry, newest first.
async fn entries(console: &Console) -> Vec<audit::Entry> {
    let page = console
        .activity_page(Filter::default(), 0, 500)
        .await
        .unwrap();
    assert_eq!(page.skipped_lines, 0);
    page.entries
}

/// The value of the target part of `kind`.
fn target(entry: &audit::Entry, kind: TargetKind) -> Option<String> {
    entry
        .target
        .iter()
        .find(|p| p.kind == kind)
        .map(|p| p.name.to_string())
}

/// Every byte of every file of the log, as text.
fn log_text(console: &Console) -> String {
    let mut text = String::new();
    for file in std::fs::read_dir(console.activity_dir()).unwrap() {
        text.push_str(&std::fs::read_to_string(file.unwrap().path()).unwrap());
    }
    text
}

/// A sink that keeps the warnings.
fn warnings_of(console: &Console) -> Arc<Mutex<Vec<AuditWarning>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    console.set_audit_warnings(Arc::new(move |warning: AuditWarning| {
        sink.lock().unwrap().push(warning)
    }));
    seen
}

fn registry_draft(registry: &Registry) -> ConnectionDraft {
    ConnectionDraft {
        name: "Team registry".into(),
        kind: ConnectionKind::Registry,
        url: registry.url(),
        tls: TlsMode::System,
        openshift_version: None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_manifest_deleted_on_the_real_registry_is_recorded_with_who_where_what_and_how_it_ended()
{
    harness::install_crypto_provider();
    let registry = Registry::start(Mode::Basic).expect("registry starts");
    let user = registry.credentials().unwrap().clone();
    let filler = Filler::new(&registry).await.unwrap();
    let digest = filler
        .push_image("team/app", "v1", ManifestKind::Docker, Arch::Amd64)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let saved = console.add_connection(&registry_draft(&registry)).unwrap();
    console
        .registry_sign_in(
            &saved.id,
            BasicCredentials::new(&user.username, &user.password),
            KeptIn::Session,
        )
        .await
        .unwrap();

    console
        .registry_delete(&saved.id, "team/app", &digest)
        .await
        .expect("the registry deletes it");
    // Gone on the registry itself.
    let left = registry
        .client()
        .unwrap()
        .tags("team/app")
        .await
        .unwrap_or_default();
    assert!(!left.contains(&"v1".to_owned()), "{left:?}");
    // Again: the registry says it is not there, and that is recorded as the outcome.
    console
        .registry_delete(&saved.id, "team/app", &digest)
        .await
        .unwrap_err();

    let log = entries(&console).await;
    let actions: Vec<Action> = log.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [
            Action::ManifestDeleted,
            Action::ManifestDeleted,
            Action::SignIn,
            Action::ConnectionAdded
        ]
    );
    let (failed, done) = (&log[0], &log[1]);
    assert_eq!(failed.outcome, Outcome::Failed(ErrorCode::NotFound));
    assert_eq!(done.outcome, Outcome::Done);
    let connection = done.connection.as_ref().unwrap();
    assert_eq!(connection.id.as_str(), saved.id);
    assert_eq!(connection.name.as_str(), "Team registry");
    let url = registry.url();
    let host = url.split("://").nth(1).unwrap().trim_end_matches('/');
    assert_eq!(done.server.as_ref().unwrap().as_str(), host);
    assert_eq!(done.user.as_ref().unwrap().as_str(), user.username);
    assert_eq!(target(done, TargetKind::Repository).unwrap(), "team/app");
    assert_eq!(target(done, TargetKind::Digest).unwrap(), digest);
    assert!(
        time::OffsetDateTime::parse(&done.time, &time::format_description::well_known::Rfc3339)
            .is_ok()
    );
    assert_eq!(log[2].user.as_ref().unwrap().as_str(), user.username);

    // The filters find it by what a person would type.
    let found = console
        .activity_page(
            Filter {
                text: Some("team/app".into()),
                outcome: Some(audit::OutcomeFilter::Done),
                ..Filter::default()
            },
            0,
            10,
        )
        .await
        .unwrap();
    assert_eq!(found.entries.len(), 1);

    // The password given at sign-in is nowhere in the log.
    assert!(!log_text(&console).contains(&user.password));

    // Exported as CSV by the backend, atomically, to the path the save dialog gave.
    let csv = dir.path().join("activity.csv");
    let exported = console
        .activity_export(
            Filter::default(),
            audit::ExportFormat::Csv,
            csv.display().to_string(),
        )
        .await
        .unwrap();
    assert_eq!(exported.count, 4);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("time,connection,server,user,action,target,outcome,connectionId\r\n"));
    assert!(text.contains(",manifestDeleted,\"repository team/app, digest sha256:"));
    assert!(!text.contains(&user.password));
    // The export is itself a change, recorded.
    assert_eq!(entries(&console).await[0].action, Action::ActivityExported);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_grant_on_the_real_cluster_is_recorded_and_a_refused_one_with_its_code() {
    harness::install_crypto_provider();
    let kube = KubeCluster::start_openshift(&[
        KubeUser::new("alice", &[]),
        KubeUser::new("root", &["system:masters"]),
    ])
    .expect("the control plane starts");
    kube.add_project("p", Some("alice")).unwrap();
    kube.add_project("q", None).unwrap();
    let token = "sha256~alice-activity-0123456789";
    kube.openshift().unwrap().add_token(token, "alice", &[]);
    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let saved = console
        .add_connection(&ConnectionDraft {
            name: "Lab".into(),
            kind: ConnectionKind::Openshift,
            url: kube.url().to_owned(),
            tls: TlsMode::CaBundle {
                path: kube.ca_path().display().to_string(),
            },
            openshift_version: None,
        })
        .unwrap();
    let work = console
        .sign_ins()
        .openshift_token(&saved, Secret::new(token));
    console
        .cluster_sign_in(&saved, work)
        .await
        .expect("alice signs in");

    let builder = Subject::service_account("p", "builder");
    let granted = console
        .grant_role(
            &saved.id,
            "p",
            RoleKind::ClusterRole,
            "system:image-puller",
            &builder,
        )
        .await
        .expect("alice may grant in her project");
    // Real: the binding is on the apiserver.
    assert!(
        kube.object(
            "rbac.authorization.k8s.io",
            "rolebindings",
            "p",
            &granted.binding
        )
        .unwrap()
        .is_some()
    );
    // Not her project: the apiserver refuses.
    let refused = console
        .grant_role(
            &saved.id,
            "q",
            RoleKind::ClusterRole,
            "system:image-puller",
            &builder,
        )
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::AccessDenied);

    let log = entries(&console).await;
    let (no, yes, signed_in) = (&log[0], &log[1], &log[2]);
    assert_eq!(no.action, Action::RoleGranted);
    assert_eq!(no.outcome, Outcome::Failed(ErrorCode::AccessDenied));
    assert_eq!(target(no, TargetKind::Project).unwrap(), "q");
    assert_eq!(yes.action, Action::RoleGranted);
    assert_eq!(yes.outcome, Outcome::Done);
    assert_eq!(
        target(yes, TargetKind::Role).unwrap(),
        "system:image-puller"
    );
    assert_eq!(
        target(yes, TargetKind::Subject).unwrap(),
        "serviceaccount:p:builder"
    );
    assert_eq!(target(yes, TargetKind::Project).unwrap(), "p");
    assert_eq!(yes.connection.as_ref().unwrap().name.as_str(), "Lab");
    // Who granted: the user of the saved sign-in, on the granted and the refused alike.
    assert_eq!(yes.user.as_ref().unwrap().as_str(), "alice");
    assert_eq!(no.user.as_ref().unwrap().as_str(), "alice");
    assert_eq!(signed_in.action, Action::SignIn);
    assert_eq!(signed_in.user.as_ref().unwrap().as_str(), "alice");
    assert!(!log_text(&console).contains(token));

    console.sign_out_of_cluster(&saved.id).await.unwrap();
    assert_eq!(entries(&console).await[0].action, Action::SignOut);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_auth_file_written_from_an_imported_pull_secret_is_recorded_by_path_never_with_its_token()
 {
    harness::install_crypto_provider();
    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let token = "eyJhbGciOiJSUzI1NiJ9.activity-secret-token.c2ln";
    let file = format!(
        r#"{{"auths":{{"registry.lab:5000":{{"auth":"{}"}}}}}}"#,
        STANDARD.encode(format!("robot:{token}"))
    );
    let imported = console
        .pull_secret_import("auth.json", &STANDARD.encode(&file))
        .unwrap();
    let authfile = dir.path().join("auth.json");
    console
        .pull_secret_import_auth_file_write_to(
            &imported.import_id,
            "registry.lab:5000",
            AuthFileKind::Podman,
            &authfile,
        )
        .unwrap();
    assert!(
        std::fs::read_to_string(&authfile)
            .unwrap()
            .contains("registry.lab:5000")
    );

    let log = entries(&console).await;
    assert_eq!(log[0].action, Action::AuthFileWritten);
    assert_eq!(log[0].outcome, Outcome::Done);
    assert_eq!(
        target(&log[0], TargetKind::File).unwrap(),
        authfile.display().to_string()
    );
    assert_eq!(
        log[0].server.as_ref().unwrap().as_str(),
        "registry.lab:5000"
    );
    let text = log_text(&console);
    assert!(!text.contains(token));
    assert!(!text.contains(&STANDARD.encode(format!("robot:{token}"))));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_log_that_cannot_be_written_leaves_the_change_made_and_says_so() {
    harness::install_crypto_provider();
    let registry = Registry::start(Mode::Open).expect("registry starts");
    let filler = Filler::new(&registry).await.unwrap();
    let digest = filler
        .push_image("team/app", "v1", ManifestKind::Docker, Arch::Amd64)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    // A file where the log's directory goes: nobody, root included, can make it.
    std::fs::write(dir.path().join("activity"), b"").unwrap();
    let console = whole_console(dir.path());
    let warnings = warnings_of(&console);

    let saved = console
        .add_connection(&registry_draft(&registry))
        .expect("the connection is saved all the same");
    assert_eq!(console.connection(&saved.id).unwrap().name, "Team registry");
    console
        .registry_delete(&saved.id, "team/app", &digest)
        .await
        .expect("the delete is made all the same");
    let left = registry
        .client()
        .unwrap()
        .tags("team/app")
        .await
        .unwrap_or_default();
    assert!(!left.contains(&"v1".to_owned()), "{left:?}");

    let seen = warnings.lock().unwrap().clone();
    let actions: Vec<Action> = seen.iter().map(|w| w.action).collect();
    assert_eq!(actions, [Action::ConnectionAdded, Action::ManifestDeleted]);
    assert!(
        seen[1].message.contains("could not be written"),
        "{}",
        seen[1].message
    );
    // Reading it says why, in the page's error, rather than showing nothing.
    assert!(
        console
            .activity_page(Filter::default(), 0, 10)
            .await
            .map(|p| p.entries.is_empty())
            .unwrap_or(true)
    );
}
