// The configuration panel and the function URL tester, beside console.js (loaded after it, sharing its TEXT, t, $,
// api, postJson, emptyRow, pretty and quote; its translate() fills this script's [data-text] too, at start). Both follow the function chosen under Invoke: console.js dispatches "console:functions" on the document
// after each refresh of the list (a build, an update-function-configuration), and the select fires "change".
"use strict";

Object.assign(TEXT.en, {
  configuration: "Configuration", configOf: (f) => `Of ${f}, the function chosen under Invoke, as get-function-configuration answers.`,
  configNone: "Choose a function under Invoke to see its configuration.",
  handler: "Handler", ephemeralStorage: "Ephemeral storage (/tmp)", codeSha256: "Code SHA-256", codeSize: "Code size",
  lastUpdateStatus: "Last update status", lastModified: "Last modified", logging: "Logging", functionUrl: "Function URL",
  description: "Description", role: "Role", bytes: (n) => `${n.toLocaleString("en")} bytes`,
  loggingValue: (c) => `${c.logFormat}${c.applicationLogLevel ? `, application ${c.applicationLogLevel}` : ""}`
    + `${c.systemLogLevel ? `, system ${c.systemLogLevel}` : ""}; log group ${c.logGroup}`,
  urlValue: (u) => `${u.url} (${u.qualifier ? `${u.qualifier}, ` : ""}AuthType ${u.authType}, InvokeMode ${u.invokeMode}${u.hasCors ? ", CORS" : ""})`,
  environment: "Environment variables", variableName: "Name", variableValue: "Value", noVariablesSet: "None set.",
  environmentNote: "The credentials the emulator gives each execution environment (AWS_ACCESS_KEY_ID…) are not shown.",
  urlTester: "Function URL tester", urlTarget: "Function URL", urlMethod: "Method", urlPath: "Path",
  urlQuery: "Query string (name=value&…, without the ?)", urlHeaders: "Headers (one Name: value a line)", urlBody: "Body",
  urlSend: "Send the request", urlSending: (m, u) => `Sending ${m} ${u}…`,
  urlNone: (f) => `${f} has no function URL. Give it one with dotnet build -t:FunctionUrl, or aws lambda create-function-url-config.`,
  urlUnqualified: "unqualified", urlAnswer: "Answer", urlAnswerBody: "Body of the answer",
  urlEvent: "Event the function received (payload 2.0)", urlNoEvent: "The function was not invoked: the URL answered by itself (its policy, CORS or a limit).",
  urlSent: (m, u, s) => `${m} ${u} answered ${s}.`, urlBase64: "The body is not UTF-8 text; shown as base64.",
  urlCut: (shown, total) => `Only the first ${shown} of ${total} bytes are shown.`, urlIncomplete: "The answer was cut off before its end (the function failed while streaming).",
  urlSigned: "AWS_IAM: the console added an Authorization header of SigV4's form (the emulator verifies no signature).",
  urlFailed: (m) => `Nothing was sent: ${m}`,
  urlCurl: "This request as a curl command",
  url_badMethod: (m) => `"${m}" is not an HTTP method: write one word of capital letters, such as GET, POST, PUT or DELETE.`,
  url_lowercaseMethod: (m, up) => `HTTP methods are case-sensitive, and "${m}" is not "${up}": write ${up}.`,
  url_connectMethod: () => "CONNECT asks a proxy for a tunnel; a function URL does not answer it. Choose another method, such as GET or POST.",
  url_pathStart: (p) => `The path must start with /: write /${p}.`,
  url_pathQuery: () => "The path holds a ?: write the query string in its own field, without the ?.",
  url_pathChar: (c) => `The path cannot hold "${c}" as it is: percent-encode it (a space is %20, # is %23, é is %C3%A9).`,
  url_queryChar: (c) => `The query string cannot hold "${c}" as it is: percent-encode it (a space is %20, # is %23, é is %C3%A9).`,
  url_percent: (field) => `In the ${field === "path" ? "path" : "query string"}, a % must start a percent-encoded byte such as %20 (a % itself is %25).`,
  url_headerLine: (n, line) => `Header line ${n} ("${line}") is not a header: write one Name: value a line, such as Content-Type: application/json.`,
  url_headerForbidden: (name) => `${name} belongs to the connection, and the console sets it for the request it sends: leave that line out.`,
  url_bodyTooLarge: (n) => `The body is ${n} bytes; a function URL takes at most 6 MB (Lambda's payload limit).`,
  url_noSuchFunction: (f) => `There is no function named "${f}" (any more).`,
  url_noUrl: (f) => `${f} has no function URL (any more).`,
  url_urlNotServed: (u) => `${u} is not served now (its port could not be opened at start): delete-function-url-config and create the URL again.`,
  url_urlUnreachable: (m) => `The function URL did not answer: ${m}`,
});

Object.assign(TEXT.ja, {
  configuration: "設定", configOf: (f) => `${f}（「呼び出し」で選んだ関数）の設定。get-function-configuration の答えと同じです。`,
  configNone: "設定を見るには「呼び出し」で関数を選んでください。",
  handler: "ハンドラー", ephemeralStorage: "エフェメラルストレージ (/tmp)", codeSha256: "コードの SHA-256", codeSize: "コードのサイズ",
  lastUpdateStatus: "最終更新ステータス", lastModified: "最終更新日時", logging: "ログ設定", functionUrl: "関数 URL",
  description: "説明", role: "ロール", bytes: (n) => `${n.toLocaleString("ja")} バイト`,
  loggingValue: (c) => `${c.logFormat}${c.applicationLogLevel ? `、アプリケーション ${c.applicationLogLevel}` : ""}`
    + `${c.systemLogLevel ? `、システム ${c.systemLogLevel}` : ""}、ロググループ ${c.logGroup}`,
  urlValue: (u) => `${u.url}（${u.qualifier ? `${u.qualifier}、` : ""}AuthType ${u.authType}、InvokeMode ${u.invokeMode}${u.hasCors ? "、CORS" : ""}）`,
  environment: "環境変数", variableName: "名前", variableValue: "値", noVariablesSet: "設定されていません。",
  environmentNote: "エミュレーターが各実行環境に渡す認証情報 (AWS_ACCESS_KEY_ID など) は表示しません。",
  urlTester: "関数 URL のテスト", urlTarget: "関数 URL", urlMethod: "メソッド", urlPath: "パス",
  urlQuery: "クエリ文字列 (name=value&…、? は不要)", urlHeaders: "ヘッダー（1 行に 1 つ、Name: value）", urlBody: "本文",
  urlSend: "リクエストを送る", urlSending: (m, u) => `${m} ${u} を送信中…`,
  urlNone: (f) => `${f} には関数 URL がありません。dotnet build -t:FunctionUrl か aws lambda create-function-url-config で作成してください。`,
  urlUnqualified: "修飾子なし", urlAnswer: "応答", urlAnswerBody: "応答の本文",
  urlEvent: "関数が受け取ったイベント (ペイロード 2.0)", urlNoEvent: "関数は呼び出されませんでした。URL 自身が応答しました（ポリシー、CORS、制限）。",
  urlSent: (m, u, s) => `${m} ${u} の応答は ${s} でした。`, urlBase64: "本文は UTF-8 のテキストではないため、base64 で表示しています。",
  urlCut: (shown, total) => `${total} バイトのうち最初の ${shown} バイトだけを表示しています。`,
  urlIncomplete: "応答は途中で切れました（ストリーミング中に関数が失敗しました）。",
  urlSigned: "AWS_IAM: コンソールが SigV4 形式の Authorization ヘッダーを付けました（エミュレーターは署名を検証しません）。",
  urlFailed: (m) => `何も送信していません: ${m}`,
  urlCurl: "このリクエストを curl のコマンドで",
  url_badMethod: (m) => `「${m}」は HTTP メソッドではありません。GET、POST、PUT、DELETE のように大文字の 1 語で書いてください。`,
  url_lowercaseMethod: (m, up) => `HTTP メソッドは大文字と小文字を区別します。「${m}」は「${up}」ではありません。${up} と書いてください。`,
  url_connectMethod: () => "CONNECT はプロキシにトンネルを求めるメソッドで、関数 URL は応答しません。GET や POST など別のメソッドを選んでください。",
  url_pathStart: (p) => `パスは / で始めてください: /${p}`,
  url_pathQuery: () => "パスに ? があります。クエリ文字列は ? を付けずに専用の欄に書いてください。",
  url_pathChar: (c) => `パスには「${c === "space" ? "空白" : c}」をそのまま書けません。パーセントエンコードしてください（空白は %20、# は %23、é は %C3%A9）。`,
  url_queryChar: (c) => `クエリ文字列には「${c === "space" ? "空白" : c}」をそのまま書けません。パーセントエンコードしてください（空白は %20、# は %23、é は %C3%A9）。`,
  url_percent: (field) => `${field === "path" ? "パス" : "クエリ文字列"}の % は %20 のようなパーセントエンコードの始まりでなければなりません（% そのものは %25）。`,
  url_headerLine: (n, line) => `ヘッダーの ${n} 行目（「${line}」）はヘッダーではありません。Content-Type: application/json のように 1 行に 1 つ Name: value で書いてください。`,
  url_headerForbidden: (name) => `${name} は接続のためのヘッダーで、送るリクエストにはコンソールが付けます。その行を消してください。`,
  url_bodyTooLarge: (n) => `本文は ${n} バイトです。関数 URL が受け取れるのは 6 MB まで（Lambda のペイロードの上限）です。`,
  url_noSuchFunction: (f) => `「${f}」という関数は（もう）ありません。`,
  url_noUrl: (f) => `${f} には関数 URL が（もう）ありません。`,
  url_urlNotServed: (u) => `${u} は今は動いていません（起動時にポートを開けませんでした）。delete-function-url-config で削除して作り直してください。`,
  url_urlUnreachable: (m) => `関数 URL が応答しませんでした: ${m}`,
});

(() => {
  const fields = { method: "url-method", path: "url-path", query: "url-query", headers: "url-headers", body: "url-body" };
  let shown = null; // the function whose configuration is on the page
  let loading = 0;

  function term(list, label, value) {
    const row = document.createElement("div");
    row.append(Object.assign(document.createElement("dt"), { textContent: label }),
      Object.assign(document.createElement("dd"), { textContent: value }));
    list.append(row);
  }

  function showConfiguration(c) {
    $("config-of").textContent = t.configOf(c.functionName);
    const list = $("config");
    list.replaceChildren();
    term(list, t.handler, c.handler);
    term(list, t.runtime, c.runtime);
    term(list, t.architecture, c.architecture);
    term(list, t.memory, `${c.memorySize} MB`);
    term(list, t.timeout, `${c.timeout} s`);
    term(list, t.ephemeralStorage, `${c.ephemeralStorage} MB`);
    term(list, t.codeSha256, c.codeSha256);
    term(list, t.codeSize, t.bytes(c.codeSize));
    term(list, t.layers, c.layers.length ? c.layers.map((l) => `${l.arn} (${t.bytes(l.codeSize)})`).join("\n") : t.none);
    term(list, t.functionUrl, c.urls.length ? c.urls.map(t.urlValue).join("\n") : t.none);
    term(list, t.state, `${c.state} / ${t.lastUpdateStatus}: ${c.lastUpdateStatus}`);
    term(list, t.lastModified, c.lastModified);
    term(list, t.logging, t.loggingValue(c.loggingConfig));
    if (c.description) term(list, t.description, c.description);
    term(list, t.role, c.role);
    const tbody = $("config-env").tBodies[0];
    tbody.replaceChildren();
    const names = Object.keys(c.environment);
    if (names.length === 0) emptyRow(tbody, 2, t.noVariablesSet);
    for (const name of names) {
      const row = tbody.insertRow();
      row.insertCell().append(Object.assign(document.createElement("code"), { textContent: name }));
      row.insertCell().append(Object.assign(document.createElement("code"), { textContent: c.environment[name] }));
    }
    showUrls(c);
  }

  /** The tester's choice of URL: kept across refreshes when the function still has it. */
  function showUrls(c) {
    const form = $("url-form");
    form.hidden = c.urls.length === 0;
    $("url-none").textContent = c.urls.length === 0 ? t.urlNone(c.functionName) : "";
    const select = $("url-target");
    const previous = select.value;
    select.replaceChildren(...c.urls.map((u) => new Option(
      `${u.url} (${u.qualifier || t.urlUnqualified}, ${u.authType}, ${u.invokeMode})`, u.qualifier)));
    if (c.urls.some((u) => u.qualifier === previous)) select.value = previous;
  }

  async function refresh() {
    const name = $("function").value;
    if (!name) {
      $("config-of").textContent = t.configNone;
      return;
    }
    const ticket = ++loading; // a later choice wins over an answer still on its way
    const response = await api(`functions/${encodeURIComponent(name)}/configuration`);
    if (ticket !== loading || !response.ok) return;
    const configuration = await response.json();
    if (shown !== name) clearResult();
    shown = name;
    showConfiguration(configuration);
  }

  function clearResult() {
    $("url-result").hidden = true;
    $("url-status").textContent = "";
    $("url-status").className = "";
  }

  function problemText(problem) {
    const text = t[`url_${problem.code}`];
    return typeof text === "function" ? text(...(problem.arguments || [])) : problem.message;
  }

  /** The same request with curl, as sent (the headers the console added for AWS_IAM left out: curl --aws-sigv4 signs). */
  function curl(a, sent) {
    const parts = ["curl -i"];
    if (a.method === "HEAD") parts.push("--head");
    else if (a.method !== "GET" || sent.body) parts.push(`-X ${a.method}`);
    parts.push(quote(a.url));
    const bodyless = !sent.body && (a.method === "GET" || a.method === "HEAD"); // the console sent no Content-* then
    for (const line of sent.headers.split("\n").map((l) => l.trim()).filter(Boolean)) {
      if (!(bodyless && /^content-/i.test(line))) parts.push(`-H ${quote(line)}`);
    }
    if (sent.body) parts.push(`--data-binary ${quote(sent.body)}`);
    return parts.join(" ");
  }

  function showAnswer(a, sent) {
    const status = $("url-status");
    const line = `${a.status} ${a.reason}`.trim();
    status.textContent = t.urlSent(a.method, a.url, line);
    status.className = a.status < 400 ? "ok" : "bad";
    $("url-answer-status").textContent = `HTTP/1.1 ${line}`;
    $("url-answer-headers").textContent = a.headers.map((h) => `${h.name}: ${h.value}`).join("\n");
    const notes = [];
    if (a.bodyIsBase64) notes.push(t.urlBase64);
    if (a.bodyLength > a.shownBytes) notes.push(t.urlCut(a.shownBytes, a.bodyLength));
    if (!a.complete) notes.push(t.urlIncomplete);
    if (a.signedByConsole) notes.push(t.urlSigned);
    $("url-answer-body").textContent = [pretty(a.body), ...notes.map((n) => `\n[${n}]`)].join("");
    $("url-event").textContent = a.event ? pretty(a.event) : t.urlNoEvent;
    $("url-log").textContent = a.log || "";
    $("url-curl").textContent = curl(a, sent);
    $("url-result").hidden = false;
  }

  async function send(event) {
    event.preventDefault();
    const status = $("url-status");
    for (const id of Object.values(fields)) $(id).removeAttribute("aria-invalid");
    const request = {
      functionName: $("function").value, qualifier: $("url-target").value, method: $("url-method").value,
      path: $("url-path").value, query: $("url-query").value, headers: $("url-headers").value, body: $("url-body").value,
    };
    status.textContent = t.urlSending(request.method, request.path);
    status.className = "";
    $("url-send").disabled = true;
    try {
      const response = await postJson("url-test", request);
      const body = await response.json().catch(() => ({ message: `HTTP ${response.status}` }));
      if (response.ok) {
        showAnswer(body, request);
        return;
      }
      $("url-result").hidden = true;
      status.textContent = t.urlFailed(problemText(body));
      status.className = "bad";
      const field = fields[body.field];
      if (field) {
        $(field).setAttribute("aria-invalid", "true");
        $(field).setAttribute("aria-describedby", "url-status");
        $(field).focus();
      }
    } finally {
      $("url-send").disabled = false;
    }
  }

  $("config-of").textContent = t.configNone;
  $("function").addEventListener("change", () => refresh().catch(() => {}));
  document.addEventListener("console:functions", () => refresh().catch(() => {}));
  $("url-form").addEventListener("submit", send);
})();
