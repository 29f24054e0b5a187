//! What the UI receives when a kubeconfig does not parse: the file, the line, the column and
//! what was expected, never the file's content, not even in `detail`.

use auth::kubeconfig::{Kubeconfig, Locations};
use ipc::{CommandError, ErrorCode};

#[test]
fn a_kubeconfig_parse_error_reaches_the_ui_without_the_token() {
    let token = "sha256~command-error-secret-4Kq";
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(".kube/config");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // The token pasted one line off: where a user entry (a mapping) was expected.
    std::fs::write(
        &path,
        format!("apiVersion: v1\nusers:\n- name: admin\n  user: {token}\n"),
    )
    .unwrap();
    let locations = Locations {
        kubeconfig_env: None,
        home: Some(home.path().to_path_buf()),
    };
    let error = CommandError::from(Kubeconfig::load(&locations, None).unwrap_err());
    let json = serde_json::to_string(&error).unwrap();
    for shown in [&json, &format!("{error:?}"), &error.to_string()] {
        assert!(!shown.contains("command-error-secret"), "{shown}");
    }
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(
        error.message.contains(&path.display().to_string())
            && error.message.contains("line 4, column 9")
            && error.message.contains("users[0].user: expected a mapping"),
        "{}",
        error.message
    );
}
