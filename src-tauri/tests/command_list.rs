//! The shell registers exactly the commands the UI's typed wrappers call: the names in
//! `generate_handler!` (src/lib.rs) are `ipc::commands::all`, from which the TypeScript
//! wrappers are generated, in the same order. A command added on one side only would be an
//! `invoke` that fails at run time ("command not found") or a handler the UI cannot reach.

/// The last path segment of every entry of `generate_handler![...]` in the shell's source.
fn registered() -> Vec<String> {
    let source = include_str!("../src/lib.rs");
    let start = source
        .find("generate_handler![")
        .expect("lib.rs calls generate_handler!")
        + "generate_handler![".len();
    let end = start + source[start..].find(']').expect("the list is closed");
    source[start..end]
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty() && !entry.starts_with("//"))
        .map(|entry| entry.rsplit("::").next().unwrap_or(entry).to_owned())
        .collect()
}

#[test]
fn the_handler_list_is_the_generated_command_list_in_its_order() {
    let generated: Vec<String> = ipc::commands::all(&ts_rs::Config::new())
        .into_iter()
        .map(|c| c.name.to_owned())
        .collect();
    let registered = registered();
    assert!(registered.len() > 50, "the list was read: {registered:?}");
    let missing: Vec<&String> = generated
        .iter()
        .filter(|n| !registered.contains(n))
        .collect();
    let extra: Vec<&String> = registered
        .iter()
        .filter(|n| !generated.contains(n))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "wrappers without a handler: {missing:?}; handlers without a wrapper: {extra:?}"
    );
    assert_eq!(
        registered, generated,
        "src/lib.rs lists the commands in another order than ipc::commands::all"
    );
}
