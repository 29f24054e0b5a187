//! `secret-sweep <run dir> <folder>...`: after the whole e2e run (`make e2e`), searches every
//! app home the run kept and the given folders (the screenshots) for every password and token
//! the tests recorded. Exits 1 on any hit, naming the file and the secret by number only.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let Some(run) = args.next() else {
        eprintln!("usage: secret-sweep <run dir> <folder>...");
        return ExitCode::from(2);
    };
    let more: Vec<PathBuf> = args.collect();
    let sweep = match harness::secrets::sweep(&run, &more) {
        Ok(sweep) => sweep,
        Err(e) => {
            eprintln!(
                "secret sweep: the run at {} cannot be read: {e}",
                run.display()
            );
            return ExitCode::from(1);
        }
    };
    println!(
        "secret sweep: {} secrets searched for in {} homes and {:?}",
        sweep.secrets, sweep.homes, more
    );
    // Fewer than this means the e2e run did not happen or lost its list.
    if sweep.secrets < 5 || sweep.homes < 5 {
        eprintln!("secret sweep: too little recorded; was the whole e2e run made?");
        return ExitCode::from(1);
    }
    if sweep.found.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!("secrets on disk:\n{}", sweep.found.join("\n"));
    ExitCode::from(1)
}
