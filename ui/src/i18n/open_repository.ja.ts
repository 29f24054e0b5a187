import type { openRepositoryEn } from "./open_repository.en";

// Japanese strings of opening a repository by its name (merged into `ja`), in the words of the
// Red Hat documents: レジストリー, リポジトリー, ログイン.
export const openRepositoryJa: Record<keyof typeof openRepositoryEn, string> = {
  "openRepo.label": "名前を指定してリポジトリーを開く",
  "openRepo.placeholder": "namespace/name",
  "openRepo.submit": "開く",
  "openRepo.help": "リポジトリーの一覧を表示しないレジストリーでは、namespace/name のように名前を入力します。",
  "openRepo.invalid":
    "\"{name}\" はリポジトリー名ではありません。英小文字と数字を .、_、__、- で区切り、/ でつないだ名前 (namespace/name など) を入力してください。",
  "openRepo.failed": "リポジトリーを開けませんでした",
  "openRepo.recentLabel": "名前を指定して最近開いたリポジトリー",
  "openRepo.recent": "最近開いたもの:",
  "openRepo.forget": "{name} を最近開いたリポジトリーから削除",
  "openRepo.forgetFailed": "最近開いたリポジトリーを保存できませんでした",

  "catalogRefused.signedIn": "{username} にはこのレジストリーのリポジトリー一覧を表示する権限がないため、リポジトリーを名前で開いてください。",
  "catalogRefused.anonymous": "このレジストリーは権限のあるユーザーにのみリポジトリー一覧を表示するため、ログインするか、リポジトリーを名前で開いてください。",
  "catalogRefused.notOffered": "このレジストリーはリポジトリー一覧を提供していないため、リポジトリーを名前で開いてください。",
  "catalogRefused.answer": "レジストリーの応答",

  "reauth.what.openRepository": "リポジトリーを開く処理",
};
