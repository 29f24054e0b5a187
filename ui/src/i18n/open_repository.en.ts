// English strings of opening a repository by its name on the Registries page, and of a
// registry that will not list its repositories (merged into `en`).
export const openRepositoryEn = {
  "openRepo.label": "Open a repository by name",
  "openRepo.placeholder": "namespace/name",
  "openRepo.submit": "Open",
  "openRepo.help": "Type a name such as namespace/name: for registries that do not list their repositories.",
  "openRepo.invalid":
    "\"{name}\" is not a repository name: lowercase letters and digits separated by ., _, __ or -, in parts joined by /, such as namespace/name.",
  "openRepo.failed": "The repository could not be opened",
  "openRepo.recentLabel": "Repositories recently opened by name",
  "openRepo.recent": "Recent:",
  "openRepo.forget": "Remove {name} from the recent repositories",
  "openRepo.forgetFailed": "The recent repositories could not be saved",

  "catalogRefused.signedIn": "{username} may not see this registry's list of repositories: open a repository by its name instead.",
  "catalogRefused.anonymous":
    "This registry shows its list of repositories only to signed-in users allowed to see it: sign in, or open a repository by its name.",
  "catalogRefused.notOffered": "This registry does not offer a list of its repositories: open a repository by its name.",
  "catalogRefused.answer": "The registry's answer",

  "reauth.what.openRepository": "opening the repository",
} as const;
