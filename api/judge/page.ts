// The judge's page: upload an evidence package (and the documents to check),
// see the verdict, every check, the dispute's timeline and a printable
// evidence certificate (存证证书). Self-contained: no external assets.
export const JUDGE_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>存证核验 · Evidence verification</title>
<style>
  body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "WenQuanYi Micro Hei", system-ui, sans-serif; margin: 0; color: #1d2733; background: #f4f6f8; }
  header { background: #8b1a1a; color: #fff; padding: 14px 24px; display: flex; justify-content: space-between; align-items: center; }
  header h1 { font-size: 20px; margin: 0; }
  main { max-width: 1100px; margin: 20px auto; padding: 0 16px; }
  section { background: #fff; border-radius: 6px; padding: 16px 20px; margin-bottom: 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  label { display: block; margin: 8px 0 4px; font-weight: 600; }
  button { background: #8b1a1a; color: #fff; border: 0; border-radius: 4px; padding: 8px 18px; font-size: 15px; cursor: pointer; margin-top: 12px; }
  button.secondary { background: #4a5866; }
  #verdict { font-size: 22px; font-weight: 700; padding: 14px; border-radius: 6px; }
  #verdict.ok { background: #e3f4e8; color: #1b6b34; }
  #verdict.fail { background: #fbe4e4; color: #9b1c1c; }
  table { border-collapse: collapse; width: 100%; font-size: 14px; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e3e7eb; vertical-align: top; }
  td.mark { font-weight: 700; width: 2em; }
  td.mark.ok { color: #1b6b34; } td.mark.fail { color: #9b1c1c; }
  code, .mono { font-family: ui-monospace, Menlo, monospace; font-size: 12px; word-break: break-all; }
  #certificate { border: 3px double #8b1a1a; padding: 24px 32px; }
  #certificate h2 { text-align: center; color: #8b1a1a; letter-spacing: 4px; margin-top: 0; }
  #certificate dl { display: grid; grid-template-columns: 12em 1fr; gap: 6px 12px; }
  #certificate dt { font-weight: 600; }
  .qr svg { width: 140px; height: 140px; }
  .hidden { display: none; }
  [data-lang="en"] .zh, [data-lang="zh"] .en { display: none; }
  @media print {
    body { background: #fff; } header, #upload, #checks-section, #timeline-section, .no-print { display: none !important; }
    main { margin: 0; max-width: none; } section { box-shadow: none; }
  }
</style>
</head>
<body data-lang="zh">
<header>
  <h1><span class="zh">物业纠纷诉源治理 · 存证核验</span><span class="en">Property-dispute evidence verification</span></h1>
  <button class="secondary no-print" id="lang" type="button">English</button>
</header>
<main>
  <section id="upload">
    <p class="zh">上传证据包（JSON）及需核对的原始文件。核验只依赖证据包本身与各机构根证书，不依赖本平台的数据库。</p>
    <p class="en">Upload an evidence package (JSON) and the original documents to check. Verification relies only on the package and the organisations' root certificates, not on this platform's database.</p>
    <label for="package"><span class="zh">证据包</span><span class="en">Evidence package</span></label>
    <input type="file" id="package" accept=".json,application/json">
    <label for="documents"><span class="zh">原始文件（可多选）</span><span class="en">Original documents (any number)</span></label>
    <input type="file" id="documents" multiple>
    <div><button id="verify" type="button"><span class="zh">核验</span><span class="en">Verify</span></button></div>
    <p id="error" class="hidden" style="color:#9b1c1c"></p>
  </section>
  <section id="result" class="hidden">
    <div id="verdict"></div>
    <p id="first-failure"></p>
  </section>
  <section id="checks-section" class="hidden">
    <h3><span class="zh">核验项</span><span class="en">Checks</span></h3>
    <table id="checks"><thead><tr><th></th><th><span class="zh">项目</span><span class="en">Check</span></th><th><span class="zh">说明</span><span class="en">Detail</span></th></tr></thead><tbody></tbody></table>
  </section>
  <section id="timeline-section" class="hidden">
    <h3><span class="zh">纠纷时间线</span><span class="en">Timeline</span></h3>
    <table id="timeline"><thead><tr><th><span class="zh">时间</span><span class="en">When</span></th><th><span class="zh">事项</span><span class="en">What</span></th><th><span class="zh">操作方</span><span class="en">Who</span></th><th><span class="zh">交易</span><span class="en">Transaction</span></th></tr></thead><tbody></tbody></table>
  </section>
  <section id="certificate-section" class="hidden">
    <div id="certificate">
      <h2>存 证 证 书<br><small style="font-size:13px;letter-spacing:1px">Evidence Certificate</small></h2>
      <dl id="cert-facts"></dl>
      <div class="qr" id="qr"></div>
      <p class="mono" id="verify-url"></p>
    </div>
    <button class="no-print" id="print" type="button"><span class="zh">打印证书</span><span class="en">Print certificate</span></button>
  </section>
</main>
<script>
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var body = document.body;
  $('lang').onclick = function () {
    var en = body.getAttribute('data-lang') === 'zh';
    body.setAttribute('data-lang', en ? 'en' : 'zh');
    $('lang').textContent = en ? '中文' : 'English';
  };
  $('print').onclick = function () { window.print(); };
  function esc(s) { return String(s == null ? '' : s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }
  function both(zh, en) { return '<span class="zh">' + esc(zh) + '</span><span class="en">' + esc(en) + '</span>'; }
  function readText(f) { return new Promise(function (ok, ko) { var r = new FileReader(); r.onload = function () { ok(r.result); }; r.onerror = ko; r.readAsText(f); }); }
  function readBase64(f) { return new Promise(function (ok, ko) { var r = new FileReader(); r.onload = function () { ok(String(r.result).split(',')[1] || ''); }; r.onerror = ko; r.readAsDataURL(f); }); }
  function show(id) { $(id).classList.remove('hidden'); }
  $('verify').onclick = async function () {
    $('error').classList.add('hidden');
    var file = $('package').files[0];
    if (!file) { $('error').innerHTML = both('请选择证据包文件。', 'Choose an evidence package file.'); show('error'); return; }
    var pkg;
    try { pkg = JSON.parse(await readText(file)); } catch (e) { $('error').innerHTML = both('证据包不是有效的 JSON。', 'The package is not valid JSON.'); show('error'); return; }
    var documents = [];
    for (var i = 0; i < $('documents').files.length; i++) { var d = $('documents').files[i]; documents.push({ name: d.name, contentBase64: await readBase64(d) }); }
    var res = await fetch('/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ package: pkg, documents: documents }) });
    var out = await res.json();
    if (!res.ok) {
      show('result');
      $('verdict').className = 'fail';
      $('verdict').innerHTML = both('✗ 未通过：证据包格式不符', '✗ FAILED: malformed package');
      $('first-failure').textContent = out.error ? out.error.message : '';
      ['checks-section', 'timeline-section', 'certificate-section'].forEach(function (id) { $(id).classList.add('hidden'); });
      return;
    }
    render(out);
  };
  function render(out) {
    show('result'); show('checks-section'); show('timeline-section'); show('certificate-section');
    $('verdict').className = out.ok ? 'ok' : 'fail';
    $('verdict').setAttribute('data-verdict', out.ok ? 'valid' : 'invalid');
    $('verdict').innerHTML = out.ok ? both('✓ 核验通过：证据链完整，未被篡改', '✓ VERIFIED: the evidence chain is complete and unaltered')
                                    : both('✗ 未通过：证据包与链上记录不符', '✗ FAILED: the package does not match the ledger');
    $('first-failure').innerHTML = out.firstFailure ? both('首个未通过项：' + out.firstFailure.titleZh + ' — ' + out.firstFailure.detail, 'First failing check: ' + out.firstFailure.title + ' — ' + out.firstFailure.detail) : '';
    // One row per kind of check (in the order they ran), its instances folded away.
    var groups = [];
    out.checks.forEach(function (c) {
      var g = groups.find(function (x) { return x.id === c.id; });
      if (!g) { g = { id: c.id, title: c.title, titleZh: c.titleZh, items: [] }; groups.push(g); }
      g.items.push(c);
    });
    $('checks').tBodies[0].innerHTML = groups.map(function (g) {
      var failed = g.items.filter(function (c) { return !c.ok; });
      var ok = failed.length === 0;
      var shown = (failed.length ? failed : g.items).slice(0, 50);
      var summary = both((g.items.length - failed.length) + ' / ' + g.items.length + ' 项通过', (g.items.length - failed.length) + ' of ' + g.items.length + ' passed');
      return '<tr data-check="' + esc(g.id) + '" data-ok="' + ok + '"><td class="mark ' + (ok ? 'ok' : 'fail') + '">' + (ok ? '✓' : '✗') + '</td><td>' + both(g.titleZh, g.title) +
        '</td><td><details' + (ok ? '' : ' open') + '><summary>' + summary + '</summary><ul class="mono">' +
        shown.map(function (c) { return '<li>' + (c.ok ? '✓ ' : '✗ ') + esc(c.detail) + '</li>'; }).join('') + '</ul></details></td></tr>';
    }).join('');
    $('timeline').tBodies[0].innerHTML = out.timeline.map(function (t) {
      return '<tr><td class="mono">' + esc(t.at) + '</td><td>' + both(t.zh, t.en) + '</td><td>' + esc(t.actor) + '</td><td class="mono">' + esc(t.txId ? t.txId.slice(0, 16) + '…' : '') + '</td></tr>';
    }).join('');
    var c = out.certificate;
    var facts = [
      ['核验结论', 'Verdict', out.ok ? '通过 / VERIFIED' : '未通过 / FAILED'],
      ['证据对象', 'Subject', c.kind + ' ' + c.subject],
      ['区块链通道', 'Channel', c.channel],
      ['交易数 / 区块数', 'Transactions / blocks', c.transactions + ' / ' + c.blocks + '（#' + c.blockRange + '）'],
      ['背书机构', 'Endorsing organisations', c.endorsers.join(', ')],
      ['最新区块头哈希', 'Newest block header hash', c.newestHeaderHash],
      ['证据包 SHA-256', 'Package SHA-256', c.packageSha256],
      ['已核对文件', 'Documents checked', c.documents.length ? c.documents.join('; ') : '—'],
      ['核验时间', 'Verified at', c.verifiedAt],
    ];
    $('cert-facts').innerHTML = facts.map(function (f) { return '<dt>' + both(f[0], f[1]) + '</dt><dd class="mono">' + esc(f[2]) + '</dd>'; }).join('');
    $('qr').innerHTML = c.qrSvg;
    $('verify-url').innerHTML = both('扫码或访问以重新核验：', 'Scan or open to verify again: ') + esc(c.verifyUrl);
  }
})();
</script>
</body>
</html>
`;
