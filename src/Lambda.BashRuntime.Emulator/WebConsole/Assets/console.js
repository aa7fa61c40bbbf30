// The local Lambda console: plain JavaScript against the emulator's /console/api (cookie set when the page was opened
// with the printed ?token=...). Live updates come as Server-Sent Events from /console/api/feed.
"use strict";

const TEXT = {
  en: {
    title: "Local Lambda console", connecting: "Connecting…", live: "Live: updates appear without reloading.",
    offline: "Not connected to the emulator: is dotnet run still running? Retrying…",
    noAccess: "This page needs the console's secret: open the URL with ?token=… that dotnet run printed after \"Web console:\".",
    functions: "Functions", name: "Name", runtime: "Runtime", architecture: "Architecture", memory: "Memory",
    timeout: "Timeout", layers: "Layers", state: "State", warm: "Warm environments", none: "none",
    warmCount: (idle, busy) => busy > 0 ? `${idle} idle, ${busy} busy` : `${idle}`,
    noFunctions: "No functions yet: build the project, or create one with aws lambda create-function.",
    invoke: "Invoke", function: "Function", eventFile: "Event file (events/*.json)", chooseEvent: "(type an event below)",
    payload: "Event (JSON)", validJson: "Valid JSON.", invalidJson: (m) => `Not valid JSON: ${m}`,
    invocationType: "Invocation type", requestResponse: "RequestResponse (wait for the answer)",
    eventType: "Event (queued; the answer appears in the history)", invokeButton: "Invoke",
    invoking: "Invoking…", fixJson: "Fix the event's JSON first.", noFunction: "Choose a function first.",
    result: "Result", noResult: "Nothing invoked yet.", duration: "Duration", initDuration: "Init Duration",
    maxMemory: "Max Memory Used", response: "Response", log: "Log",
    succeeded: (f, t) => `Succeeded: ${f}, ${t}.`, failed: (f, t, e) => `Failed (${e}): ${f}, ${t}.`,
    queued: (id) => `Queued as an Event invoke (request ${id}): its result appears in the history.`,
    requestFailed: (m) => `The emulator refused the invoke: ${m}`,
    history: "History", historyNote: "The last 100 invokes of any client (this page, the AWS CLI, tests), kept until the emulator stops.",
    time: "Time", type: "Type", status: "Status", details: "Details", show: "Show",
    showLabel: (f, t) => `Show the invoke of ${f} at ${t}`, Succeeded: "Succeeded", Failed: "Failed", noHistory: "No invokes yet.",
    billedDuration: "Billed Duration", traceBox: "Trace the handler line by line (set -x)",
    traceNote: "Only in this emulator: Lambda never traces.", trace: "Trace",
    variables: "Variables when the handler ended (set or changed by it)", noVariables: "None set or changed.",
    traceSummary: (n, status, times) => `${n} commands; ${status === null ? "the handler did not finish (timeout or crash)"
      : status === 0 ? "the handler returned 0" : `the handler exited with status ${status} at the marked command`}.`
      + (times ? " Times: microseconds since the first command." : " This bash gives no times (EPOCHREALTIME is bash 5.0+)."),
    failedHere: "failed here", showLine: (f, l) => `${f}:${l}, show this line of ${f}`, output: "output",
    sample: "New from sample (generate-event)", chooseSample: "(choose a kind of event)",
    saveName: "Save the event as events/NAME.json", saveButton: "Save event",
    cliCommand: "This invoke as an AWS CLI command", cliAws: "Against AWS (your credentials and region):",
    cliCopy: "Copy the local command", copied: "Copied.",
    saved: (n) => `Saved as events/${n}.`, replaced: (n) => `Replaced events/${n}.`,
    confirmReplace: (n) => `events/${n} exists already. Replace it with this event?`, notReplaced: (n) => `events/${n} was kept as it was.`,
    request: "Request (event)", source: "Source", sourceConsole: "Console", sourceApi: (operation) => `CLI/SDK (${operation})`,
    sourceUrl: (method, path) => `Function URL: ${method} ${path}`, sourceEvent: (attempt) => `Event, attempt ${attempt}`,
    resultSource: (source, version, qualifier) => `Source: ${source}. Version: ${version}${qualifier ? ` (qualifier ${qualifier})` : ""}.`,
    typeText: (type, streamed) => streamed ? `${type}, streamed` : type,
    rerun: "Re-run", rerunLabel: (f, time) => `Re-run the invoke of ${f} at ${time}`, rerunShown: "Run this invoke again",
    rerunTruncated: "This event is longer than the history keeps (64 KB), so it cannot be re-run from here: invoke it from its file.",
    receiving: (f) => `Receiving the answer of ${f} as it streams…`,
    liveCut: (mb) => `\n[… the page shows the first ${mb} MB while the answer streams; the history keeps its start and end …]\n`,
    entryGone: "The answer ended, but its history entry is gone already (more than 100 invokes since).",
    historyFilter: "Show the invokes of", allFunctions: "All functions",
    chartsHeading: "Over the history", chartsNote: "Oldest on the left, newest on the right; red points are failed invokes.",
    figuresTable: "The figures as a table", figuresCaption: "Duration, Init Duration and Max Memory Used of each invoke, oldest first",
    coldOnly: "cold starts only", chartEmpty: "No figures yet.",
    chartTitle: (metric, n, f) => `${metric} of the last ${n} invokes${f ? ` of ${f}` : ""}`,
    chartDesc: (count, n, min, max, last) => `${count} of ${n} invokes have this figure: from ${min} to ${max}, the latest ${last}. The table below lists each.`,
    chartRange: (min, max, last) => `min ${min}, max ${max}, latest ${last}`,
    cliStreamed: "The AWS CLI has no invoke-with-response-stream command (it does not support event-stream outputs): "
      + "the commands above run this invoke buffered, the whole answer at once.",
    cliStreamedUrl: (url) => `The CLI has no command that streams this answer; its RESPONSE_STREAM function URL does, with curl -N (${url}):`,
    preludeNote: "[The status and headers the function streamed first (HTTP integration prelude), then the body:]",
  },
  ja: {
    title: "ローカル Lambda コンソール", connecting: "接続中…", live: "ライブ: 再読み込みしなくても更新されます。",
    offline: "エミュレーターに接続できません。dotnet run は動いていますか？ 再試行しています…",
    noAccess: "このページにはコンソールの秘密の値が必要です。dotnet run が「Web console:」の後に表示した ?token=… 付きの URL を開いてください。",
    functions: "関数", name: "名前", runtime: "ランタイム", architecture: "アーキテクチャ", memory: "メモリ",
    timeout: "タイムアウト", layers: "レイヤー", state: "状態", warm: "ウォーム環境", none: "なし",
    warmCount: (idle, busy) => busy > 0 ? `待機 ${idle}、実行中 ${busy}` : `${idle}`,
    noFunctions: "関数はまだありません。プロジェクトをビルドするか、aws lambda create-function で作成してください。",
    invoke: "呼び出し", function: "関数", eventFile: "イベントファイル (events/*.json)", chooseEvent: "（下にイベントを入力）",
    payload: "イベント (JSON)", validJson: "正しい JSON です。", invalidJson: (m) => `JSON として正しくありません: ${m}`,
    invocationType: "呼び出しタイプ", requestResponse: "RequestResponse（応答を待つ）",
    eventType: "Event（キューに入れる。結果は履歴に表示）", invokeButton: "呼び出す",
    invoking: "呼び出し中…", fixJson: "先にイベントの JSON を直してください。", noFunction: "先に関数を選んでください。",
    result: "結果", noResult: "まだ何も呼び出していません。", duration: "実行時間", initDuration: "初期化時間",
    maxMemory: "最大メモリ使用量", response: "応答", log: "ログ",
    succeeded: (f, t) => `成功: ${f}、${t}。`, failed: (f, t, e) => `失敗 (${e}): ${f}、${t}。`,
    queued: (id) => `Event として受け付けました (リクエスト ${id})。結果は履歴に表示されます。`,
    requestFailed: (m) => `エミュレーターが呼び出しを拒否しました: ${m}`,
    history: "履歴", historyNote: "どのクライアント（このページ、AWS CLI、テスト）からの呼び出しも最新 100 件を、エミュレーターが止まるまで保持します。",
    time: "時刻", type: "タイプ", status: "状態", details: "詳細", show: "表示",
    showLabel: (f, t) => `${t} の ${f} の呼び出しを表示`, Succeeded: "成功", Failed: "失敗", noHistory: "まだ呼び出しはありません。",
    billedDuration: "課金対象の時間", traceBox: "ハンドラーを 1 行ずつトレースする (set -x)",
    traceNote: "このエミュレーターだけの機能です。Lambda ではトレースしません。", trace: "トレース",
    variables: "ハンドラー終了時の変数（ハンドラーが設定・変更したもの）", noVariables: "設定・変更された変数はありません。",
    traceSummary: (n, status, times) => `${n} 個のコマンド。${status === null ? "ハンドラーは終了しませんでした（タイムアウトかクラッシュ）"
      : status === 0 ? "ハンドラーは 0 を返しました" : `ハンドラーは印の付いたコマンドで終了ステータス ${status} で終了しました`}。`
      + (times ? "時間は最初のコマンドからのマイクロ秒です。" : "この bash は時間を出しません (EPOCHREALTIME は bash 5.0 以降)。"),
    failedHere: "ここで失敗", showLine: (f, l) => `${f}:${l}、${f} のこの行を表示`, output: "出力",
    sample: "サンプルから新規作成 (generate-event)", chooseSample: "（イベントの種類を選択）",
    saveName: "イベントを events/NAME.json として保存", saveButton: "イベントを保存",
    cliCommand: "この呼び出しを AWS CLI のコマンドで", cliAws: "AWS に対して（あなたの認証情報とリージョンで）:",
    cliCopy: "ローカル用のコマンドをコピー", copied: "コピーしました。",
    saved: (n) => `events/${n} として保存しました。`, replaced: (n) => `events/${n} を置き換えました。`,
    confirmReplace: (n) => `events/${n} はすでにあります。このイベントで置き換えますか？`, notReplaced: (n) => `events/${n} はそのままにしました。`,
    request: "リクエスト（イベント）", source: "呼び出し元", sourceConsole: "コンソール", sourceApi: (operation) => `CLI/SDK (${operation})`,
    sourceUrl: (method, path) => `関数 URL: ${method} ${path}`, sourceEvent: (attempt) => `Event（${attempt} 回目の試行）`,
    resultSource: (source, version, qualifier) => `呼び出し元: ${source}。バージョン: ${version}${qualifier ? `（修飾子 ${qualifier}）` : ""}。`,
    typeText: (type, streamed) => streamed ? `${type}（ストリーミング）` : type,
    rerun: "再実行", rerunLabel: (f, time) => `${time} の ${f} の呼び出しを再実行`, rerunShown: "この呼び出しをもう一度実行",
    rerunTruncated: "このイベントは履歴が保持する長さ (64 KB) を超えているため、ここからは再実行できません。ファイルから呼び出してください。",
    receiving: (f) => `${f} の応答をストリーミングで受信しています…`,
    liveCut: (mb) => `\n[… ストリーミング中は最初の ${mb} MB だけを表示します。履歴には先頭と末尾が残ります …]\n`,
    entryGone: "応答は終わりましたが、その履歴はもうありません（その後 100 件を超える呼び出しがありました）。",
    historyFilter: "表示する呼び出し", allFunctions: "すべての関数",
    chartsHeading: "履歴での推移", chartsNote: "左が古く、右が新しい呼び出しです。赤い点は失敗した呼び出しです。",
    figuresTable: "数値を表で見る", figuresCaption: "各呼び出しの実行時間・初期化時間・最大メモリ使用量（古い順）",
    coldOnly: "コールドスタートのみ", chartEmpty: "まだ数値はありません。",
    chartTitle: (metric, n, f) => `${f ? `${f} の` : ""}直近 ${n} 件の呼び出しの${metric}`,
    chartDesc: (count, n, min, max, last) => `${n} 件中 ${count} 件にこの数値があります。最小 ${min}、最大 ${max}、最新 ${last}。下の表に各呼び出しの値があります。`,
    chartRange: (min, max, last) => `最小 ${min}、最大 ${max}、最新 ${last}`,
    cliStreamed: "AWS CLI には invoke-with-response-stream のコマンドがありません（イベントストリームの出力に対応していません）。"
      + "上のコマンドはこの呼び出しをバッファして実行し、応答全体を一度に受け取ります。",
    cliStreamedUrl: (url) => `この応答をストリーミングで受け取る CLI のコマンドはありません。RESPONSE_STREAM の関数 URL (${url}) なら curl -N で受け取れます:`,
    preludeNote: "［関数が最初にストリーミングしたステータスとヘッダー（HTTP 統合のプレリュード）、続いて本文:］",
  },
};
const language = (navigator.languages || [navigator.language]).some((l) => /^ja\b/i.test(l || "")) ? "ja" : "en";
const t = TEXT[language];
const $ = (id) => document.getElementById(id);
const api = (path, init) => fetch(`api/${path}`, { credentials: "same-origin", ...init });
/** A POST of JSON (the console's guard wants that Content-Type and the page's Origin on every write). */
const postJson = (path, body) => api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
/** A history entry by request id (Show, Re-run, and a streamed answer once it has ended). */
const fetchEntry = (requestId) => api(`history/${encodeURIComponent(requestId)}`);
/** When an entry completed, as this page's language writes a time. */
const timeOf = (entry) => new Date(entry.completedAt).toLocaleTimeString(language);
let selectedRequestId = null;

function translate() {
  document.documentElement.lang = language;
  document.title = t.title;
  for (const element of document.querySelectorAll("[data-text]")) {
    const value = t[element.dataset.text];
    if (typeof value === "string") element.textContent = value;
  }
}

function cell(row, text) {
  const td = row.insertCell();
  td.textContent = text;
  return td;
}

function emptyRow(tbody, columns, text) {
  const td = tbody.insertRow().insertCell();
  td.colSpan = columns;
  td.textContent = text;
}

async function loadJson(path) {
  const response = await api(path);
  if (response.status === 401) {
    $("no-access").hidden = false;
    throw new Error("no access");
  }
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

async function refreshFunctions() {
  const functions = await loadJson("functions");
  const tbody = $("functions").tBodies[0];
  tbody.replaceChildren();
  if (functions.length === 0) emptyRow(tbody, 8, t.noFunctions);
  for (const f of functions) {
    const row = tbody.insertRow();
    row.insertCell().append(Object.assign(document.createElement("strong"), { textContent: f.name }));
    cell(row, f.runtime);
    cell(row, f.architecture);
    cell(row, `${f.memorySize} MB`);
    cell(row, `${f.timeout} s`);
    cell(row, f.layers.length ? f.layers.join("\n") : t.none);
    cell(row, f.state);
    cell(row, t.warmCount(f.warmEnvironments, f.busyEnvironments));
  }
  const select = $("function");
  const previous = select.value;
  select.replaceChildren(...functions.map((f) => new Option(f.name, f.name)));
  // The choice made on this page stays; else the project's own function (dotnet run's), not the first by name.
  const project = functions.find((f) => f.isProjectFunction);
  if (functions.some((f) => f.name === previous)) select.value = previous;
  else if (project) select.value = project.name;
  document.dispatchEvent(new CustomEvent("console:functions", { detail: functions })); // panels.js follows the list
}

async function refreshEvents() {
  const names = await loadJson("events");
  const select = $("event-file");
  const previous = select.value;
  select.replaceChildren(new Option(t.chooseEvent, ""), ...names.map((n) => new Option(`events/${n}`, n)));
  if (names.includes(previous)) select.value = previous;
}

async function refreshSamples() {
  const kinds = await loadJson("samples");
  $("sample").replaceChildren(new Option(t.chooseSample, ""), ...kinds.map((k) => {
    const option = new Option(k.name, k.name);
    option.title = k.description;
    return option;
  }));
}

async function chooseSample() {
  const kind = $("sample").value;
  if (!kind) return;
  const response = await api(`samples/${encodeURIComponent(kind)}`);
  if (!response.ok) return;
  $("payload").value = await response.text();
  $("event-file").value = "";
  if (!$("event-name").value) $("event-name").value = kind;
  checkPayload();
}

/** Saves the editor's event as events/NAME.json; an existing file only after the user confirms. */
async function saveEvent() {
  const status = $("save-status");
  if (!checkPayload()) {
    status.textContent = t.fixJson;
    status.className = "check bad";
    return;
  }
  const name = $("event-name").value;
  const post = (overwrite) => postJson("events", { name, content: $("payload").value, overwrite });
  // Asked before sending when the list has the file; the emulator still refuses (409) one that appeared meanwhile.
  const file = `${name.trim().replace(/\.json$/i, "")}.json`;
  const listed = [...$("event-file").options].some((o) => o.value === file);
  if (listed && !window.confirm(t.confirmReplace(file))) {
    status.textContent = t.notReplaced(file);
    status.className = "check";
    return;
  }
  const response = await post(listed);
  const body = await response.json().catch(() => ({}));
  status.textContent = response.status === 201 ? t.saved(body.name) : response.status === 200 ? t.replaced(body.name)
    : t.requestFailed(body.message || `HTTP ${response.status}`);
  status.className = response.ok ? "check ok" : "check bad";
  if (response.ok) {
    await refreshEvents();
    $("event-file").value = body.name;
  }
}

let shownEntry = null;

/** The answer pretty-printed when it is JSON, else as the function wrote it. */
function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Duration, Init Duration and Max Memory Used from the log's REPORT line. */
function report(log) {
  const line = log.split("\n").find((l) => l.startsWith("REPORT ")) || "";
  const field = (name) => (line.match(new RegExp(`(?:^|\\t)${name}: ([0-9.]+ (?:ms|MB))`)) || [])[1] || "–";
  return { duration: field("Duration"), init: field("Init Duration"), billed: field("Billed Duration"), memory: field("Max Memory Used") };
}

/** "HandlerError: handler in function.sh exited with status 1 ...": the failure's errorType (else FunctionError) and errorMessage. */
function errorDetail(entry) {
  // The emulator read errorType and errorMessage from the error body (or, for a stream, from its error trailer).
  return `${entry.errorType || entry.functionError}${entry.errorMessage ? `: ${entry.errorMessage}` : ""}`;
}

/** "Unhandled: HandlerError: ...": the failure as the Result pane's status names it. */
function errorOf(entry) {
  return entry.errorType ? `${entry.functionError}: ${errorDetail(entry)}` : entry.functionError;
}

/** The Content-Type of a streamed HTTP answer (bootstrap's http_stream_response): a JSON prelude, 8 NUL bytes, the body. */
const PRELUDE_TYPE = "application/vnd.awslambda.http-integration-response";
const PRELUDE_END = "\0".repeat(8);

function hasPrelude(contentType) {
  return (contentType || "").toLowerCase().startsWith(PRELUDE_TYPE);
}

/** The prelude's status, headers and cookies as lines, and the body after it; null while the text has no whole prelude. */
function splitPrelude(text) {
  const at = text.indexOf(PRELUDE_END);
  if (at < 0) return null;
  let prelude;
  try {
    prelude = JSON.parse(text.slice(0, at));
  } catch {
    return null;
  }
  if (!prelude || typeof prelude !== "object" || Array.isArray(prelude)) return null;
  const lines = [`HTTP ${prelude.statusCode ?? 200}`];
  for (const [name, value] of Object.entries(prelude.headers || {})) lines.push(`${name}: ${value}`);
  for (const cookie of prelude.cookies || []) lines.push(`Set-Cookie: ${cookie}`);
  return { head: `${t.preludeNote}\n${lines.join("\n")}\n\n`, body: text.slice(at + PRELUDE_END.length) };
}

/** The entry's answer as the Result pane shows it: a prelude decoded, JSON pretty-printed. */
function responseText(entry) {
  const split = hasPrelude(entry.responseContentType) ? splitPrelude(entry.response) : null;
  return split ? split.head + pretty(split.body) : pretty(entry.response);
}

/** A shell word: single-quoted, with each ' written as '\''. */
function quote(text) {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

function showCli(entry) {
  const qualifier = entry.qualifier ? ` --qualifier ${quote(entry.qualifier)}` : "";
  const args = `--function-name ${quote(entry.functionName)}${qualifier} --invocation-type ${entry.invocationType}`
    + ` --cli-binary-format raw-in-base64-out --payload ${quote(entry.request)} response.json`;
  $("cli-local").textContent = `aws lambda invoke --endpoint-url ${location.origin} ${args}`;
  $("cli-aws").textContent = `aws lambda invoke ${args}`;
  $("cli-stream-note").hidden = !entry.streamed;
  $("cli-stream-note").textContent = entry.streamed ? t.cliStreamed : "";
  $("cli-curl").hidden = true;
  if (entry.streamed) showStreamingCurl(entry).catch(() => {});
}

/** For a streamed entry whose function has a RESPONSE_STREAM URL (the one of its qualifier): that URL with curl -N. */
async function showStreamingCurl(entry) {
  const configuration = await loadJson(`functions/${encodeURIComponent(entry.functionName)}/configuration`);
  const url = configuration.urls.find((u) => u.invokeMode === "RESPONSE_STREAM" && (u.qualifier || null) === (entry.qualifier || null));
  if (!url || shownEntry !== entry) return;
  $("cli-stream-note").textContent = `${t.cliStreamed} ${t.cliStreamedUrl(url.url)}`;
  const body = entry.request ? ` -H 'Content-Type: application/json' --data-binary ${quote(entry.request)}` : "";
  $("cli-curl").textContent = `curl -N${body} ${quote(url.url)}`;
  $("cli-curl").hidden = false;
}

function showResult(entry) {
  shownCount++;
  shownEntry = entry;
  showCli(entry);
  selectedRequestId = entry.requestId;
  $("rerun-shown").hidden = false;
  $("result-source").textContent = t.resultSource(sourceText(entry.source), entry.executedVersion, entry.qualifier);
  $("request").textContent = pretty(entry.request);
  $("response").removeAttribute("aria-busy");
  const time = timeOf(entry);
  const status = $("result-status");
  const failed = entry.status === "Failed";
  status.textContent = failed ? t.failed(entry.functionName, time, errorOf(entry)) : t.succeeded(entry.functionName, time);
  status.className = failed ? "bad" : "ok";
  const fields = report(entry.log);
  $("report-duration").textContent = fields.duration;
  $("report-init").textContent = fields.init;
  $("report-billed").textContent = fields.billed;
  $("report-memory").textContent = fields.memory;
  $("response").textContent = responseText(entry);
  $("log").textContent = entry.log;
  showTrace(entry);
  for (const row of $("history").tBodies[0].rows) row.classList.toggle("selected", row.dataset.requestId === selectedRequestId);
}

/** The trace beside the log: each command with the file and line it ran, the line shown in its file on request. */
function showTrace(entry) {
  const panel = $("trace-panel");
  const trace = entry.trace;
  panel.hidden = !trace;
  if (!trace) return;
  const sources = entry.traceSources || {};
  const commands = trace.steps.filter((s) => s.kind === "command");
  const minDepth = Math.min(...commands.map((s) => s.depth), Infinity);
  $("trace-summary").textContent = t.traceSummary(commands.length, trace.exitStatus, trace.hasTimes);
  const list = $("trace-steps");
  list.replaceChildren();
  for (const step of trace.steps) {
    const item = document.createElement("li");
    item.style.paddingLeft = `${Math.max(0, step.depth - minDepth)}em`;
    if (step.kind === "output") {
      item.className = "trace-output";
      item.textContent = `| ${step.text}`;
      item.title = t.output;
    } else {
      const place = document.createElement("button");
      place.type = "button";
      place.className = "link";
      place.textContent = `${step.file}:${step.line}`;
      place.setAttribute("aria-label", t.showLine(step.file, step.line));
      place.disabled = !(step.file in sources);
      place.addEventListener("click", () => showSource(sources, step.file, step.line));
      const time = step.elapsedMicroseconds === null ? "" : ` +${step.elapsedMicroseconds} µs`;
      item.append(place, ` ${step.function}${time}  `, Object.assign(document.createElement("code"), { textContent: step.text }));
      if (step.failed) {
        item.className = "trace-failed";
        item.append(Object.assign(document.createElement("strong"), { textContent: ` ✗ ${t.failedHere}` }));
      }
    }
    list.append(item);
  }
  const failed = trace.steps.find((s) => s.failed) || commands[commands.length - 1];
  if (failed && failed.file in sources) showSource(sources, failed.file, failed.line);
  else { $("source-heading").textContent = ""; $("trace-source").replaceChildren(); }
  $("trace-variables-text").textContent = trace.variables.length
    ? trace.variables.map((v) => v.declaration).join("\n") : t.noVariables;
}

function showSource(sources, file, line) {
  $("source-heading").textContent = file;
  const list = $("trace-source");
  list.replaceChildren(...sources[file].split("\n").map((text, index) => {
    const item = document.createElement("li");
    item.textContent = text || " ";
    if (index + 1 === line) item.className = "current";
    return item;
  }));
  const current = list.querySelector(".current");
  if (current) list.scrollTop = Math.max(0, current.offsetTop - list.offsetTop - list.clientHeight / 2);
}

function checkPayload() {
  const textarea = $("payload");
  const check = $("payload-check");
  try {
    JSON.parse(textarea.value);
    textarea.removeAttribute("aria-invalid");
    check.textContent = t.validJson;
    check.className = "check ok";
    return true;
  } catch (error) {
    textarea.setAttribute("aria-invalid", "true");
    check.textContent = t.invalidJson(error.message);
    check.className = "check bad";
    return false;
  }
}

async function chooseEvent() {
  const name = $("event-file").value;
  if (!name) return;
  const response = await api(`events/${encodeURIComponent(name)}`);
  if (response.ok) {
    $("payload").value = await response.text();
    checkPayload();
  } else {
    const check = $("payload-check");
    const problem = await response.json().catch(() => ({}));
    check.textContent = problem.message || `events/${name}: HTTP ${response.status}`;
    check.className = "check bad";
  }
}

async function invoke(event) {
  event.preventDefault();
  const status = $("result-status");
  if (!$("function").value) {
    status.textContent = t.noFunction;
    status.className = "bad";
    return;
  }
  if (!checkPayload()) {
    status.textContent = t.fixJson;
    status.className = "bad";
    $("payload").focus();
    return;
  }
  const invocationType = document.querySelector('input[name="type"]:checked').value;
  await runInvoke({ functionName: $("function").value, invocationType, payload: $("payload").value, trace: $("trace").checked });
}

/** Bytes of a streamed answer the Result pane shows while it arrives (the history keeps its start and end). */
const LIVE_LIMIT = 1024 * 1024;
/** A prelude longer than this without its 8 NUL bytes is shown as it came (the emulator's URLs refuse one past 64 KB). */
const PRELUDE_LIMIT = 64 * 1024;
/** Counts the answers shown: a streamed answer stops filling the pane once another entry is shown there. */
let shownCount = 0;

/**
 * Invokes as the form or a re-run asks: an Event is queued (api/invoke answers 202), a RequestResponse is read as it
 * comes from api/invoke-stream, so a streamed answer fills the Result pane chunk by chunk; its history entry (status,
 * log, figures) is shown once the answer has ended.
 */
async function runInvoke(request) {
  const status = $("result-status");
  status.textContent = t.invoking;
  status.className = "";
  $("invoke-button").disabled = true;
  try {
    if (request.invocationType === "Event") {
      const response = await postJson("invoke", request);
      const body = await response.json().catch(() => ({}));
      status.textContent = response.status === 202 ? t.queued(body.requestId) : t.requestFailed(body.message || `HTTP ${response.status}`);
      status.className = response.status === 202 ? "" : "bad";
      return;
    }
    const response = await postJson("invoke-stream", request);
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      status.textContent = t.requestFailed(body.message || `HTTP ${response.status}`);
      status.className = "bad";
      return;
    }
    const requestId = response.headers.get("X-Amzn-RequestId");
    const mine = ++shownCount;
    startLiveResult(request);
    status.textContent = t.receiving(request.functionName);
    const output = $("response");
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    // A streamed HTTP answer's prelude is held back until its 8 NUL bytes have come, then shown decoded before the body.
    let held = hasPrelude(response.headers.get("Content-Type")) ? "" : null;
    const show = (text, last) => {
      if (held === null) return output.append(text);
      held += text;
      const split = splitPrelude(held);
      if (!split && !last && held.length <= PRELUDE_LIMIT) return;
      output.append(split ? split.head + split.body : held); // no prelude after all: as it came
      held = null;
    };
    let received = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (mine !== shownCount) continue; // another entry is shown now: read on, show nothing
      if (received < LIVE_LIMIT) show(decoder.decode(value.subarray(0, LIVE_LIMIT - received), { stream: true }), false);
      if (received < LIVE_LIMIT && received + value.length >= LIVE_LIMIT) show(t.liveCut(LIVE_LIMIT / 1024 / 1024), false);
      received += value.length;
    }
    if (mine !== shownCount) return;
    show(decoder.decode(), true);
    const entry = await fetchEntry(requestId);
    if (entry.ok) showResult(await entry.json());
    else {
      output.removeAttribute("aria-busy");
      status.textContent = t.entryGone;
    }
  } catch (error) {
    // The connection broke mid-answer (the emulator stopped): said where the answer would be, not only in the console.
    $("response").removeAttribute("aria-busy");
    status.textContent = t.requestFailed(error.message);
    status.className = "bad";
  } finally {
    $("invoke-button").disabled = false;
  }
}

/** The Result pane emptied for an answer that is on its way: the request shown, the rest filled as it comes. */
function startLiveResult(request) {
  for (const id of ["report-duration", "report-init", "report-billed", "report-memory"]) $(id).textContent = "–";
  $("result-source").textContent = "";
  $("request").textContent = pretty(request.payload);
  $("response").textContent = "";
  $("response").setAttribute("aria-busy", "true");
  $("log").textContent = "";
  $("trace-panel").hidden = true;
  $("rerun-shown").hidden = true;
}

function listen() {
  const feed = new EventSource("api/feed");
  // Several changes in a row (a build rewrites the zip and the config; an editor saves twice) fetch once.
  const debounced = (work) => {
    let pending = null;
    return () => {
      clearTimeout(pending);
      pending = setTimeout(() => work().catch(() => {}), 100);
    };
  };
  feed.addEventListener("open", () => {
    $("connection").textContent = t.live;
    refreshFunctions().catch(() => {});
    refreshHistory().catch(() => {});
  });
  feed.addEventListener("error", () => { $("connection").textContent = t.offline; });
  feed.addEventListener("functions", debounced(refreshFunctions));
  feed.addEventListener("history", () => refreshHistory().catch(() => {}));
  feed.addEventListener("events", debounced(refreshEvents)); // a file saved, generated or edited: listed without a reload
}

async function start() {
  translate();
  $("payload").addEventListener("input", checkPayload);
  $("event-file").addEventListener("change", chooseEvent);
  $("sample").addEventListener("change", chooseSample);
  $("save-button").addEventListener("click", saveEvent);
  $("cli-copy").addEventListener("click", async () => {
    await navigator.clipboard.writeText($("cli-local").textContent);
    $("cli-copy").textContent = t.copied;
  });
  $("invoke-form").addEventListener("submit", invoke);
  $("history-function").addEventListener("change", renderHistory);
  $("rerun-shown").addEventListener("click", () => shownEntry && rerun(shownEntry.requestId));
  checkPayload();
  try {
    await Promise.all([refreshFunctions(), refreshEvents(), refreshSamples(), refreshHistory()]);
  } catch {
    $("connection").textContent = "";
    return; // no access: the page says what to do; no live feed without the cookie
  }
  listen();
}

// Once every deferred script (history.js too) has run: start() uses what they define.
document.addEventListener("DOMContentLoaded", start);
