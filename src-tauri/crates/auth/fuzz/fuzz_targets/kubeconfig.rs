//! Kubeconfig files, separated by NUL bytes (YAML holds none), merged as a `$KUBECONFIG`
//! list: nothing may panic, the listing agrees with what each context resolves to, and
//! naming the same files twice changes nothing (the first file to name an entry wins).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files: Vec<&[u8]> = data.split(|&b| b == 0).take(4).collect();
    let Some(once) = auth::kubeconfig::fuzzing::merge(&files) else {
        return;
    };
    let twice: Vec<&[u8]> = files.iter().chain(files.iter()).copied().collect();
    let again = auth::kubeconfig::fuzzing::merge(&twice).expect("the same files parse again");
    assert_eq!(again.contexts, once.contexts);
    assert_eq!(again.current_context, once.current_context);
});
