import type { kubeconfigEn } from "./kubeconfig.en";

// Japanese strings of "Import from kubeconfig". Terms as the oc Japanese documentation uses
// them: kubeconfig, コンテキスト, クラスター, ユーザー, namespace.
export const kubeconfigJa: { readonly [K in keyof typeof kubeconfigEn]: string } = {
  "kubeconfig.open": "kubeconfig からインポート",
  "kubeconfig.title": "kubeconfig からインポート",
  "kubeconfig.intro":
    "oc と kubectl が使う kubeconfig のコンテキストを選択してください。そのクラスターが OpenShift の接続になります。コンテキストにトークンがあればそれでログインし、トークンは OS のキーリングに保管されます。ここには表示されません。",
  "kubeconfig.file": "kubeconfig ファイル",
  "kubeconfig.fileHelp.env": "$KUBECONFIG の値です。: で区切られた複数のファイルは oc と同じくマージされます。",
  "kubeconfig.fileHelp.home": "oc と kubectl のデフォルトです。",
  "kubeconfig.fileHelp.chosen": "選択したファイルです。",
  "kubeconfig.filePlaceholder": "~/.kube/config",
  "kubeconfig.load": "読み込む",
  "kubeconfig.loading": "kubeconfig を読み込んでいます…",
  "kubeconfig.loadFailed": "kubeconfig を読み込めませんでした",
  "kubeconfig.none": "この kubeconfig にはコンテキストがありません。",
  "kubeconfig.tableLabel": "コンテキスト",
  "kubeconfig.columnContext": "コンテキスト",
  "kubeconfig.columnServer": "サーバー",
  "kubeconfig.columnUser": "ユーザー",
  "kubeconfig.columnNamespace": "namespace",
  "kubeconfig.columnCredentials": "認証情報",
  "kubeconfig.columnTls": "TLS",
  "kubeconfig.current": "現在",

  "kubeconfig.cred.token": "トークン",
  "kubeconfig.cred.tokenFile": "トークンファイル",
  "kubeconfig.cred.tokenFileUnreadable": "トークンファイルを読み込めません",
  "kubeconfig.cred.clientCertificate": "クライアント証明書: 使用不可",
  "kubeconfig.cred.exec": "exec プラグイン: 使用不可",
  "kubeconfig.cred.authProvider": "auth-provider: 使用不可",
  "kubeconfig.cred.basicAuth": "ユーザー名とパスワード: 使用不可",
  "kubeconfig.cred.none": "認証情報なし",
  "kubeconfig.credHelp.token": "インポート後、このトークンでログインします。クラスターで確認した後、OS のキーリングに保管されます。",
  "kubeconfig.credHelp.tokenFile":
    "インポート後、{path} のトークンでログインします。クラスターで確認した後、OS のキーリングに保管されます。",
  "kubeconfig.credHelp.tokenFileUnreadable": "{path} を読み込めません ({reason})。接続はログインせずにインポートされます。",
  "kubeconfig.credHelp.clientCertificate":
    "Registry Console はクライアント証明書ではログインしません。接続はインポートされるので、その行からログインしてください。",
  "kubeconfig.credHelp.exec":
    "Registry Console は認証情報プラグインを実行しません (exec: {command})。接続はインポートされるので、その行からログインしてください。",
  "kubeconfig.credHelp.authProvider":
    "auth-provider プラグイン {name} には対応していません (kubectl でも削除されています)。接続はインポートされるので、その行からログインしてください。",
  "kubeconfig.credHelp.basicAuth":
    "Registry Console は kubeconfig のユーザー名とパスワードを使用しません。接続はインポートされるので、その行からログインしてください。",
  "kubeconfig.credHelp.none": "このユーザーには認証情報がありません。接続はインポートされるので、その行からログインしてください。",

  "kubeconfig.tls.system": "システムのルート証明書",
  "kubeconfig.tls.caFile": "CA ファイル",
  "kubeconfig.tls.caData": "CA データ ({count})",
  "kubeconfig.tls.insecure": "検証オフ",
  "kubeconfig.tlsHelp.system": "サーバー証明書はシステムの信頼済みルート証明書で検証されます。",
  "kubeconfig.tlsHelp.caFile": "{path} の CA 証明書を、「この CA を信頼」と同じく、この接続用にアプリの CA ストアへコピーします。",
  "kubeconfig.tlsHelp.caData":
    "コンテキストの certificate-authority-data (証明書 {count} 件) を、「この CA を信頼」と同じく、この接続用にアプリの CA ストアへ保存します。",
  "kubeconfig.tlsHelp.insecure": "insecure-skip-tls-verify が設定されています。この接続ではサーバー証明書を検証しません。",

  "kubeconfig.problem.missingCluster": "インポートできません: クラスター {cluster} が kubeconfig に定義されていません。",
  "kubeconfig.problem.missingUser": "インポートできません: ユーザー {user} が kubeconfig に定義されていません。",
  "kubeconfig.problem.noServer": "インポートできません: クラスター {cluster} にサーバー URL がありません。",
  "kubeconfig.problem.badCaData": "インポートできません: クラスター {cluster} の certificate-authority-data を使用できません ({reason})。",
  "kubeconfig.problem.badCaFile": "インポートできません: CA ファイル {path} を使用できません ({reason})。",
  "kubeconfig.problem.caWithInsecure":
    "インポートできません: クラスター {cluster} に認証局と insecure-skip-tls-verify の両方が設定されています (kubectl でもエラーになります)。",

  "kubeconfig.details": "コンテキスト {name}",
  "kubeconfig.detailCluster": "クラスター",
  "kubeconfig.detailFile": "定義元",
  "kubeconfig.noNamespace": "—",
  "kubeconfig.noneSelected": "インポートするコンテキストを選択してください。",
  "kubeconfig.name": "接続名",
  "kubeconfig.nameHelp": "コンテキスト名から付けています。変更できます。",
  "kubeconfig.import": "インポート",
  "kubeconfig.importFailed": "コンテキストはインポートされませんでした",
  "kubeconfig.added": "接続 {name} を追加しました",
  "kubeconfig.addedNoToken": "このコンテキストには Registry Console が使用できるトークンがありません。接続の行からログインしてください。",
  "kubeconfig.tokenRefused": "クラスターはコンテキストのトークンを受け入れませんでした。接続は残っているので、その行からログインしてください。",
  "kubeconfig.signInFailed": "トークンを確認できませんでした。接続は残っているので、その行からログインしてください。",
  "kubeconfig.keyring": "クラスターはトークンを受け入れましたが、OS のキーリングに保管できませんでした。",
};
