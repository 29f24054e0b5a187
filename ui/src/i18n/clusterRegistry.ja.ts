import type { clusterRegistryEn } from "./clusterRegistry.en";

// Japanese strings of "Open the cluster's registry", in the words of the registry document
// (seed 002): 統合レジストリー, ルート, パススルールート, イメージストリームタグ, ホスト名,
// イメージのプルーニング. Commands and object names stay as they are.
export const clusterRegistryJa: { readonly [K in keyof typeof clusterRegistryEn]: string } = {
  "clusterRegistry.open": "クラスターのレジストリーを開く",
  "clusterRegistry.openLabel": "クラスターのレジストリーを開く: {name}",
  "clusterRegistry.title": "{name} の統合レジストリー",
  "clusterRegistry.looking": "oc registry info と同じ方法でレジストリーのホスト名を探しています…",
  "clusterRegistry.lookFailed": "クラスターのレジストリーを探せませんでした",
  "clusterRegistry.host": "ホスト",
  "clusterRegistry.hostPick": "レジストリーのホスト",
  "clusterRegistry.why": "このホストを使う理由",
  "clusterRegistry.internal": "クラスター内では {host} です。この名前はサービス名で、クラスター内でのみ使用できます。",
  "clusterRegistry.signsIn":
    "新しいレジストリー接続は {name} へのあなたのログインを使ってログインし (oc registry login と同じくユーザー名は「user」)、そのログインが更新されると更新後のものを使います。トークンの 2 つ目のコピーは保存しません。",
  "clusterRegistry.lookups": "確認した場所",

  "clusterRegistry.source.imageConfigExternal":
    "イメージ設定 (images.config.openshift.io/cluster) の外部レジストリーホスト名にあります。このマシンから到達できます。",
  "clusterRegistry.source.defaultRoute":
    "openshift-image-registry のルート default-route が TLS でレジストリーを公開しています (defaultRoute: true の OpenShift 4)。",
  "clusterRegistry.source.dockerRegistryRoute":
    "default のルート docker-registry が TLS でレジストリーを公開しています (OpenShift 3.x)。",
  "clusterRegistry.source.imageStreamPublic":
    "イメージストリーム {object} の公開プル仕様にあります。oc registry login が読むのはこの値です。",
  "clusterRegistry.source.imageConfigInternal": "イメージ設定の内部レジストリーホスト名です。",
  "clusterRegistry.source.imageStreamInternal": "イメージストリーム {object} の内部プル仕様です。",

  "clusterRegistry.place.imageConfig": "イメージ設定",
  "clusterRegistry.place.route": "{namespace} のルート {name}",
  "clusterRegistry.place.imageStreams": "{namespace} のイメージストリーム",
  "clusterRegistry.place.other": "{request}",
  "clusterRegistry.said.externalHost": "外部ホスト {host}",
  "clusterRegistry.said.internalHost": "内部ホスト {host}",
  "clusterRegistry.said.routeTls": "ホスト {host} (TLS)",
  "clusterRegistry.said.routePlain": "ホスト {host}、非セキュアな http (使用しません)",
  "clusterRegistry.said.empty": "読み取りましたが、ホスト名はありません",
  "clusterRegistry.said.notFound": "404: 存在しません",
  "clusterRegistry.said.forbidden": "403: 読み取る権限がありません",
  "clusterRegistry.said.failed": "失敗しました",

  "clusterRegistry.none.internalOnly":
    "内部の名前 {host} だけが見つかりました。この名前はクラスター内でのみ使用でき、レジストリーを外部に公開するルートがありません。",
  "clusterRegistry.none.plainHttpOnly":
    "レジストリーは非セキュアな http のルート ({host}) でのみ公開されています。トークンが暗号化されずに送信されるため、使用しません。",
  "clusterRegistry.none.notFound":
    "レジストリーのホスト名が見つかりませんでした。ルートで公開されていないか、その場所を読み取る権限がありません。",
  "clusterRegistry.admin4":
    "管理者は TLS のルートでレジストリーを公開できます。OpenShift 4 では、イメージレジストリー Operator が default-route を作成します:",
  "clusterRegistry.admin3": "OpenShift 3.x では、docker-registry サービスのパススルールートを作成します:",
  "clusterRegistry.copyCommand": "コマンドをコピー",
  "clusterRegistry.retry": "もう一度探す",

  "clusterRegistry.openButton": "レジストリーで開く",
  "clusterRegistry.opening": "開いています…",
  "clusterRegistry.openFailed": "クラスターのレジストリーを開けませんでした",
  "clusterRegistry.added": "{cluster} にリンクされたレジストリー接続 {name} ({url}) を追加しました。",
  "clusterRegistry.reused": "レジストリー接続 {name} ({url}) はすでに {cluster} にリンクされています。これを使用します。",
  "clusterRegistry.tls.system": "証明書はシステムの信頼された証明書で検証されます。",
  "clusterRegistry.tls.clusterCa": "証明書は {cluster} の CA バンドルで検証されます (ルートの証明書はクラスターの CA で署名されています)。",
  "clusterRegistry.tls.clusterInsecure": "{cluster} は TLS を検証しないため、この接続も検証しません。",
  "clusterRegistry.tls.unverified":
    "システムの証明書でも {cluster} の CA バンドルでも証明書を検証できません。参照時に理由が表示されます。接続ページでレジストリーの CA を接続に追加してください。",
  "clusterRegistry.browse": "レジストリーを参照",

  "clusterRegistry.linkedLogin": "{cluster} のログイン情報を使用",
  "clusterRegistry.linkedLoginNote": "ログインとログアウトは {cluster} 接続で行います。",

  "clusterRegistry.delete.tooltip": "イメージストリームからタグを削除 (oc tag -d と同じ)",
  "clusterRegistry.delete.label": "イメージストリームからタグ {tag} を削除",
  "clusterRegistry.delete.title": "イメージストリームからタグ {tag} を削除しますか?",
  "clusterRegistry.delete.body":
    "タグ {tag} は、次のコマンドと同じく、イメージ API を通してプロジェクト {project} のイメージストリーム {stream} から削除されます:",
  "clusterRegistry.delete.why":
    "レジストリー自体のマニフェスト削除はここでは使用できません。保存された内容だけが削除され、イメージストリームはそれを参照したままになるためです。イメージは、管理者が oc adm prune images (イメージのプルーニング) を実行し、どのタグからも参照されないイメージが削除されるまでレジストリーに残ります。",
  "clusterRegistry.delete.confirm": "タグを削除",
  "clusterRegistry.delete.failed": "タグを削除できませんでした",
  "clusterRegistry.delete.notCluster":
    "{repository} は統合レジストリーのイメージストリーム (<プロジェクト>/<イメージストリーム>) ではありません。イメージ API で削除するタグはありません。",

  "clusterRegistry.remove.unlinks":
    "次のレジストリー接続はこの接続のログイン情報を使ってログインしています。接続は残りますがリンクが解除され、それぞれ個別のログインが必要になります:",

  "reauth.what.clusterRegistry": "クラスターのレジストリーの検索",
  "reauth.what.clusterRegistryOpen": "クラスターのレジストリーを開く操作",
  "reauth.what.clusterRegistryDelete": "イメージストリームタグの削除",
};
