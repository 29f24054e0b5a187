//! The activity log's files: appended, synced, rotated, read back newest first, filtered and
//! exported, and never a secret in them.

use std::fs;
use std::path::Path;

use audit::{
    Action, AuditLog, Entry, Error, ExportFormat, Filter, Outcome, OutcomeFilter, Rotation,
    TargetKind,
};
use codes::ErrorCode;

fn tag_deleted(tag: &str) -> Entry {
    Entry::new(Action::ManifestDeleted)
        .connection("c1", "Lab registry")
        .server("https://registry.lab:5000")
        .user(Some("alice"))
        .target(TargetKind::Repository, "team/app")
        .target(TargetKind::Tag, tag)
}

fn tags(log: &AuditLog, filter: &Filter) -> Vec<String> {
    log.page(filter, 0, 500)
        .unwrap()
        .entries
        .iter()
        .map(|e| {
            e.target
                .iter()
                .find(|p| p.kind == TargetKind::Tag)
                .map(|p| p.name.to_string())
                .unwrap_or_default()
        })
        .collect()
}

fn all() -> Filter {
    Filter::default()
}

#[test]
fn entries_are_appended_across_restarts_and_read_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let first = AuditLog::new(dir.path(), Rotation::default());
    first.append(&tag_deleted("v1")).unwrap();
    first.append(&tag_deleted("v2")).unwrap();
    let before = fs::read(first.path()).unwrap();
    drop(first);

    let again = AuditLog::new(dir.path(), Rotation::default());
    again.append(&tag_deleted("v3")).unwrap();
    let after = fs::read(again.path()).unwrap();
    assert!(
        after.starts_with(&before),
        "earlier lines are never rewritten"
    );
    assert_eq!(tags(&again, &all()), ["v3", "v2", "v1"]);
    let text = String::from_utf8(after).unwrap();
    assert_eq!(text.lines().count(), 3);
    let first_line: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first_line["action"], "manifestDeleted");
    assert_eq!(first_line["outcome"], "done");
    assert_eq!(first_line["connection"]["name"], "Lab registry");
    assert_eq!(first_line["server"], "registry.lab:5000");
    assert!(first_line["time"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn files_rotate_by_size_keeping_the_newest_old_ones() {
    let dir = tempfile::tempdir().unwrap();
    let rotation = Rotation {
        max_bytes: 1000,
        keep: 2,
    };
    let log = AuditLog::new(dir.path(), rotation);
    for n in 0..40 {
        log.append(&tag_deleted(&format!("t{n}"))).unwrap();
    }
    let names: Vec<String> = log
        .files_newest_first()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["activity.jsonl", "activity.1.jsonl", "activity.2.jsonl"]
    );
    assert!(!dir.path().join("activity.3.jsonl").exists());
    for path in log.files_newest_first() {
        assert!(fs::metadata(&path).unwrap().len() <= rotation.max_bytes);
    }
    let read = tags(&log, &all());
    assert_eq!(read.first().map(String::as_str), Some("t39"));
    // Newest first and contiguous: the oldest entries went with the dropped file.
    let numbers: Vec<u32> = read.iter().map(|t| t[1..].parse().unwrap()).collect();
    assert!(numbers.windows(2).all(|w| w[0] == w[1] + 1), "{numbers:?}");
    assert!(numbers.len() < 40);
}

#[test]
fn a_line_torn_by_a_crash_is_skipped_and_said_and_the_next_entry_starts_a_new_line() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(dir.path(), Rotation::default());
    log.append(&tag_deleted("before")).unwrap();
    drop(log);
    // The app died in the middle of a line.
    let path = dir.path().join(audit::FILE_NAME);
    let mut bytes = fs::read(&path).unwrap();
    bytes.extend_from_slice(b"{\"time\":\"2026-01-0");
    fs::write(&path, &bytes).unwrap();

    let log = AuditLog::new(dir.path(), Rotation::default());
    log.append(&tag_deleted("after")).unwrap();
    let page = log.page(&all(), 0, 50).unwrap();
    assert_eq!(page.skipped_lines, 1);
    assert_eq!(tags(&log, &all()), ["after", "before"]);
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 3);
    assert!(text.lines().nth(1).unwrap().ends_with("2026-01-0"));
}

#[test]
fn a_huge_line_without_a_break_is_skipped_without_holding_it() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(dir.path(), Rotation::default());
    log.append(&tag_deleted("old")).unwrap();
    let path = log.path();
    let mut bytes = fs::read(&path).unwrap();
    bytes.extend(std::iter::repeat_n(b'x', 3 * 1024 * 1024));
    bytes.push(b'\n');
    fs::write(&path, &bytes).unwrap();
    log.append(&tag_deleted("new")).unwrap();
    let page = log.page(&all(), 0, 50).unwrap();
    assert_eq!(page.skipped_lines, 1);
    assert_eq!(tags(&log, &all()), ["new", "old"]);
}

#[test]
fn an_unwritable_directory_is_an_error_not_a_panic_and_the_next_write_tries_again() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the directory should be: no user, root included, can create under it.
    let blocker = dir.path().join("data");
    fs::write(&blocker, b"").unwrap();
    let log = AuditLog::new(blocker.join("logs"), Rotation::default());
    let error = log.append(&tag_deleted("v1")).unwrap_err();
    assert!(matches!(error, Error::Write { .. }), "{error:?}");
    assert!(error.to_string().contains("could not be written"));

    fs::remove_file(&blocker).unwrap();
    log.append(&tag_deleted("v2")).unwrap();
    assert_eq!(tags(&log, &all()), ["v2"]);
}

#[test]
fn no_secret_reaches_the_file_even_one_passed_as_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(dir.path(), Rotation::default());
    // A service-account token's shape: longer than any name.
    let token = format!("eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.{}.sig", "A".repeat(700));
    log.append(
        &Entry::new(Action::TokenMinted)
            .connection("c2", "Lab cluster")
            .server("https://alice:s3cret-pass@api.lab:6443/?access_token=s3cret-query")
            .target(TargetKind::Project, "demo")
            .target(TargetKind::ServiceAccount, "builder")
            .target(TargetKind::Value, &token),
    )
    .unwrap();
    let text = fs::read_to_string(log.path()).unwrap();
    assert!(!text.contains(&token));
    assert!(!text.contains(".sig"));
    assert!(!text.contains("s3cret"));
    // Only the entry's own fields, none a message or a body.
    let value: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    let mut keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "action",
            "connection",
            "outcome",
            "server",
            "target",
            "time"
        ]
    );
}

fn sample_log(dir: &Path) -> AuditLog {
    let log = AuditLog::new(dir, Rotation::default());
    let at = |time: &str, entry: Entry| {
        let mut entry = entry;
        entry.time = time.to_owned();
        log.append(&entry).unwrap();
    };
    at("2026-01-01T09:00:00Z", tag_deleted("jan"));
    at(
        "2026-02-01T09:00:00Z",
        Entry::new(Action::RoleGranted)
            .connection("c2", "Lab cluster")
            .target(TargetKind::Role, "system:image-puller")
            .target(TargetKind::Subject, "serviceaccount:demo:builder")
            .target(TargetKind::Project, "demo"),
    );
    at(
        "2026-03-01T09:00:00Z",
        tag_deleted("mar").outcome(Outcome::Failed(ErrorCode::AccessDenied)),
    );
    at(
        "2026-04-01T09:00:00Z",
        Entry::new(Action::AuthFileWritten).target(TargetKind::File, "/home/a/.docker/config.json"),
    );
    log
}

fn actions(log: &AuditLog, filter: &Filter) -> Vec<Action> {
    log.page(filter, 0, 50)
        .unwrap()
        .entries
        .iter()
        .map(|e| e.action)
        .collect()
}

#[test]
fn filters_keep_by_connection_action_outcome_time_and_words() {
    let dir = tempfile::tempdir().unwrap();
    let log = sample_log(dir.path());
    let by_connection = Filter {
        connection_id: Some("c1".into()),
        ..all()
    };
    assert_eq!(tags(&log, &by_connection), ["mar", "jan"]);
    let by_action = Filter {
        actions: vec![Action::RoleGranted, Action::AuthFileWritten],
        ..all()
    };
    assert_eq!(
        actions(&log, &by_action),
        [Action::AuthFileWritten, Action::RoleGranted]
    );
    let failed = Filter {
        outcome: Some(OutcomeFilter::Failed),
        ..all()
    };
    assert_eq!(tags(&log, &failed), ["mar"]);
    let done = Filter {
        outcome: Some(OutcomeFilter::Done),
        ..all()
    };
    assert_eq!(actions(&log, &done).len(), 3);
    let february_to_march = Filter {
        from: Some("2026-02-01T00:00:00Z".into()),
        to: Some("2026-03-01T09:00:00+00:00".into()),
        ..all()
    };
    assert_eq!(
        actions(&log, &february_to_march),
        [Action::ManifestDeleted, Action::RoleGranted]
    );
    let words = Filter {
        text: Some("IMAGE-puller  demo".into()),
        ..all()
    };
    assert_eq!(actions(&log, &words), [Action::RoleGranted]);
    let by_code = Filter {
        text: Some("accessdenied".into()),
        ..all()
    };
    assert_eq!(tags(&log, &by_code), ["mar"]);
}

#[test]
fn a_time_that_is_not_rfc_3339_is_refused_with_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let log = sample_log(dir.path());
    let error = log
        .page(
            &Filter {
                from: Some("yesterday".into()),
                ..all()
            },
            0,
            10,
        )
        .unwrap_err();
    assert!(matches!(error, Error::InvalidTime { .. }));
    assert_eq!(error.code(), ErrorCode::InvalidInput);
    assert!(error.to_string().contains("yesterday"));
}

#[test]
fn pages_follow_each_other_and_say_when_more_are_left() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(dir.path(), Rotation::default());
    for n in 0..7 {
        log.append(&tag_deleted(&format!("t{n}"))).unwrap();
    }
    let first = log.page(&all(), 0, 3).unwrap();
    let second = log.page(&all(), 3, 3).unwrap();
    let last = log.page(&all(), 6, 3).unwrap();
    assert!(first.has_more && second.has_more && !last.has_more);
    let names = |page: &audit::Page| -> Vec<String> {
        page.entries
            .iter()
            .map(|e| e.target[1].name.to_string())
            .collect()
    };
    assert_eq!(names(&first), ["t6", "t5", "t4"]);
    assert_eq!(names(&second), ["t3", "t2", "t1"]);
    assert_eq!(names(&last), ["t0"]);
}

#[test]
fn csv_cells_are_quoted_as_rfc_4180_says_and_formulas_are_made_text() {
    assert_eq!(audit::csv_cell("plain"), "plain");
    assert_eq!(audit::csv_cell("a,b"), "\"a,b\"");
    assert_eq!(audit::csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(audit::csv_cell("two\nlines"), "\"two\nlines\"");
    assert_eq!(
        audit::csv_cell("=HYPERLINK(\"x\")"),
        "\"'=HYPERLINK(\"\"x\"\")\""
    );
    assert_eq!(audit::csv_cell("+1"), "'+1");
    assert_eq!(audit::csv_cell("-2"), "'-2");
    assert_eq!(audit::csv_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(audit::csv_cell("\tcmd"), "'\tcmd");
}

#[test]
fn an_export_writes_the_filtered_entries_as_csv_or_json() {
    let dir = tempfile::tempdir().unwrap();
    let log = sample_log(&dir.path().join("data"));
    log.append(&tag_deleted("v9").user(Some("=2+3"))).unwrap();
    let csv_path = dir.path().join("activity.csv");
    let written = log
        .export(
            &Filter {
                connection_id: Some("c1".into()),
                ..all()
            },
            ExportFormat::Csv,
            &csv_path,
        )
        .unwrap();
    assert_eq!(written.count, 3);
    let csv = fs::read_to_string(&csv_path).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "time,connection,server,user,action,target,outcome,connectionId"
    );
    assert!(
        lines[1].contains(",'=2+3,manifestDeleted,\"repository team/app, tag v9\",done,c1"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with(
            "2026-03-01T09:00:00Z,Lab registry,registry.lab:5000,alice,manifestDeleted,"
        )
    );
    assert!(lines[2].ends_with(",accessDenied,c1"));
    assert_eq!(
        lines.len(),
        5,
        "header, three rows, and the end of the last line"
    );

    let json_path = dir.path().join("activity.json");
    log.export(&all(), ExportFormat::Json, &json_path).unwrap();
    let entries: Vec<Entry> = serde_json::from_slice(&fs::read(&json_path).unwrap()).unwrap();
    assert_eq!(entries.len(), 5);
    assert_eq!(entries[4].action, Action::ManifestDeleted);
}

#[test]
fn an_export_to_a_missing_folder_or_a_relative_path_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let log = sample_log(&dir.path().join("data"));
    let missing = dir.path().join("nowhere").join("a.csv");
    let error = log.export(&all(), ExportFormat::Csv, &missing).unwrap_err();
    assert!(matches!(error, Error::Export { .. }));
    assert!(!missing.exists());
    let error = log
        .export(&all(), ExportFormat::Csv, Path::new("a.csv"))
        .unwrap_err();
    assert!(matches!(error, Error::RelativeExportPath { .. }));
    // The folder the export goes to holds nothing else afterwards (no temp file left).
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}
