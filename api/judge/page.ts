// The judge's page: upload an evidence package (the documents to check, and
// optionally another court's trust bundle) and read, in this order: whose
// network the evidence comes from, up to which block it is complete and who
// attested that (and whether the ledger has newer entries), the verified
// timeline, then the technical checks folded, and a printable evidence
// certificate (存证证书) whose QR code leads to a page that verifies the same
// package again. Chinese first, English available. Self-contained: no external
// assets. The server embeds what the page needs (its own bundle, or a result
// it re-verified) as JSON in a <script type="application/json">.
import type { JudgeAnswer } from './verify';

export interface JudgePageData {
  /** This server's own trust bundle, for the upload form's note. */
  ownBundle?: { issuer: string; bundleHash: string };
  /** A result to show at once (GET /judge/packages/{sha256}). */
  answer?: JudgeAnswer;
  /** A package link this server cannot answer. */
  notFound?: { sha256: string; message: string };
}

/** The page, with `data` embedded (`<` escaped, so it cannot close the script element). */
export function judgePage(data: JudgePageData = {}): string {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return PAGE.replace('<!--DATA-->', `<script id="page-data" type="application/json">${json}</script>`);
}

const PAGE =
  `<!doctype html>
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
  .note { color: #4a5866; font-size: 13px; margin: 4px 0; }
  #anchor { font-size: 20px; font-weight: 700; padding: 14px; border-radius: 6px; }
  #anchor.ok { background: #e3f4e8; color: #1b6b34; }
  #anchor.fail { background: #d11a1a; color: #fff; font-size: 24px; }
  #anchor .detail { display: block; font-size: 13px; font-weight: 400; margin-top: 6px; word-break: break-all; }
  #completeness { font-size: 16px; margin: 12px 0 4px; }
  #newer { background: #fff4d6; border: 2px solid #c98a00; border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
  #newer a { font-weight: 700; color: #8b1a1a; }
  #verdict { font-size: 18px; font-weight: 700; padding: 10px 14px; border-radius: 6px; margin-top: 12px; }
  #verdict.ok { background: #e3f4e8; color: #1b6b34; }
  #verdict.fail { background: #fbe4e4; color: #9b1c1c; }
  table { border-collapse: collapse; width: 100%; font-size: 14px; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e3e7eb; vertical-align: top; }
  details.check { border-bottom: 1px solid #e3e7eb; padding: 6px 0; }
  details.check > summary { cursor: pointer; }
  details.check[data-ok="false"] > summary { color: #9b1c1c; font-weight: 700; }
  details.check ul { margin: 6px 0 0; }
  .mark.ok { color: #1b6b34; font-weight: 700; } .mark.fail { color: #9b1c1c; font-weight: 700; }
  code, .mono { font-family: ui-monospace, Menlo, monospace; font-size: 12px; word-break: break-all; }
  #certificate { border: 3px double #8b1a1a; padding: 24px 32px; }
  #certificate h2 { text-align: center; color: #8b1a1a; letter-spacing: 4px; margin-top: 0; }
  #certificate dl { display: grid; grid-template-columns: 12em 1fr; gap: 6px 12px; }
  #certificate dt { font-weight: 600; }
  .qr svg { width: 140px; height: 140px; }
  .hidden { display: none; }
  [data-lang="en"] .zh, [data-lang="zh"] .en { display: none; }
  @media print {
    body { background: #fff; } header, #upload, #checks-section, #timeline-section, #result, .no-print { display: none !important; }
    main { margin: 0; max-width: none; } section { box-shadow: none; }
  }
</style>
<!--DATA-->
</head>
<body data-lang="zh">
<header>
  <h1><span class="zh">物业纠纷诉源治理 · 存证核验</span><span class="en">Property-dispute evidence verification</span></h1>
  <button class="secondary no-print" id="lang" type="button">English</button>
</header>
<main>
  <section id="upload">
    <p class="zh">上传证据包（JSON）及需核对的原始文件。核验依据法院发布的信任包（创世区块与各机构 CA 证书指纹），不依赖证据包自称的内容，也不依赖本平台的数据库。</p>
    <p class="en">Upload an evidence package (JSON) and the original documents to check. ` +
  `It is verified against the trust bundle the court publishes (genesis block and the organisations' CA fingerprints), ` +
  `never against what the package says of itself, and not against this platform's database.</p>
    <p class="note" id="own-bundle"></p>
    <label for="package"><span class="zh">证据包</span><span class="en">Evidence package</span></label>
    <input type="file" id="package" accept=".json,application/json">
    <label for="documents"><span class="zh">原始文件（可多选）</span><span class="en">Original documents (any number)</span></label>
    <input type="file" id="documents" multiple>
    <label for="trust-bundle"><span class="zh">其他法院的信任包（可选）</span><span class="en">Another court's trust bundle (optional)</span></label>
    <input type="file" id="trust-bundle" accept=".json,application/json">
    <p class="note"><span class="zh">不选择时按本法院的信任包核验。</span>` +
  `<span class="en">Without one, the package is checked against this court's own trust bundle.</span></p>
    <div><button id="verify" type="button"><span class="zh">核验</span><span class="en">Verify</span></button></div>
    <p id="error" class="hidden" style="color:#9b1c1c"></p>
  </section>
  <section id="result" class="hidden">
    <div id="anchor"></div>
    <p id="completeness"></p>
    <div id="newer" class="hidden"></div>
    <p id="live-note" class="note"></p>
    <div id="verdict"></div>
    <p id="first-failure"></p>
  </section>
  <section id="timeline-section" class="hidden">
    <h3><span class="zh">纠纷时间线（已验证）</span><span class="en">Timeline (verified)</span></h3>
    <p id="timeline-empty" class="note hidden"><span class="zh">证据包未通过核验，不显示时间线：其中记录不能作为事实采信。</span>` +
  `<span class="en">The package did not verify, so no timeline is shown: its records cannot be taken as fact.</span></p>
    <table id="timeline"><thead><tr><th><span class="zh">时间</span><span class="en">When</span></th>` +
  `<th><span class="zh">事项</span><span class="en">What</span></th>` +
  `<th><span class="zh">操作方</span><span class="en">Who</span></th>` +
  `<th><span class="zh">交易</span><span class="en">Transaction</span></th></tr></thead><tbody></tbody></table>
  </section>
  <section id="checks-section" class="hidden">
    <details id="checks-all">
      <summary><b><span class="zh">技术核验项</span><span class="en">Technical checks</span></b> <span id="checks-summary"></span></summary>
      <div id="checks"></div>
    </details>
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
  var data = {};
  try { data = JSON.parse($('page-data').textContent || '{}'); } catch (e) { data = {}; }
  $('lang').onclick = function () {
    var en = body.getAttribute('data-lang') === 'zh';
    body.setAttribute('data-lang', en ? 'en' : 'zh');
    $('lang').textContent = en ? '中文' : 'English';
  };
  $('print').onclick = function () { window.print(); };
  function esc(s) { return String(s == null ? '' : s).replace(/[&<>"]/g, function (c) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }
  function both(zh, en) { return '<span class="zh">' + esc(zh) + '</span><span class="en">' + esc(en) + '</span>'; }
  function readText(f) { return new Promise(function (ok, ko) {
    var r = new FileReader(); r.onload = function () { ok(r.result); }; r.onerror = ko; r.readAsText(f); }); }
  function readBase64(f) { return new Promise(function (ok, ko) {
    var r = new FileReader(); r.onload = function () { ok(String(r.result).split(',')[1] || ''); }; r.onerror = ko; r.readAsDataURL(f); }); }
  function show(id) { $(id).classList.remove('hidden'); }
  function hide(id) { $(id).classList.add('hidden'); }
  function short(h) { return String(h || '').slice(0, 16); }
  function fail(zh, en) { $('error').innerHTML = both(zh, en); show('error'); }

  if (data.ownBundle) {
    $('own-bundle').innerHTML = both('本法院信任包：' + data.ownBundle.issuer + '（' + short(data.ownBundle.bundleHash) + '）',
      "This court's trust bundle: " + data.ownBundle.issuer + ' (' + short(data.ownBundle.bundleHash) + ')');
  } else {
    $('own-bundle').innerHTML = both('本服务器未加载信任包：请上传法院发布的信任包。', 'This server has no trust bundle loaded: upload the one the court publishes.');
  }

  $('verify').onclick = async function () {
    hide('error');
    var file = $('package').files[0];
    if (!file) return fail('请选择证据包文件。', 'Choose an evidence package file.');
    var pkg, trustBundle;
    try { pkg = JSON.parse(await readText(file)); } catch (e) { return fail('证据包不是有效的 JSON。', 'The package is not valid JSON.'); }
    var tb = $('trust-bundle').files[0];
    if (tb) { try { trustBundle = JSON.parse(await readText(tb)); } catch (e) { return fail('信任包不是有效的 JSON。', 'The trust bundle is not valid JSON.'); } }
    var documents = [];
    for (var i = 0; i < $('documents').files.length; i++) {
      var d = $('documents').files[i]; documents.push({ name: d.name, contentBase64: await readBase64(d) }); }
    var req = { package: pkg, documents: documents };
    if (trustBundle !== undefined) req.trustBundle = trustBundle;
    $('verify').disabled = true;
    try {
      var res = await fetch('/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(req) });
      var out = await res.json();
      if (!res.ok) {
        ['result', 'checks-section', 'timeline-section', 'certificate-section'].forEach(hide);
        var msg = out.error ? out.error.message : String(res.status);
        if (res.status === 503) return fail('服务器没有信任包，请上传法院发布的信任包：' + msg, 'The server has no trust bundle; upload the one the court publishes: ' + msg);
        if (out.error && out.error.details && /trustBundle/.test(String(out.error.details.field)))
          return fail('信任包格式不符：' + msg, 'Malformed trust bundle: ' + msg);
        return fail('请求被拒绝：' + msg, 'Refused: ' + msg);
      }
      render(out);
    } finally {
      $('verify').disabled = false;
    }
  };

  function render(out) {
    ['result', 'checks-section', 'timeline-section', 'certificate-section'].forEach(show);
    var tb = out.trustBundle;
    // 1. Whose network: the trust anchor, in words.
    var anchor = $('anchor');
    anchor.className = out.anchored ? 'ok' : 'fail';
    anchor.setAttribute('data-anchored', String(out.anchored));
    var which = tb.own ? '' : (tb.source === 'uploaded' ? both('（上传的信任包）', ' (uploaded trust bundle)') : '');
    if (out.anchored) {
      anchor.innerHTML = '✓ ' + both('本证据来自 ' + tb.issuer + ' 的区块链网络（信任包 ' + short(tb.bundleHash) + '）',
        'This evidence comes from the network of ' + tb.issuer + ' (trust bundle ' + short(tb.bundleHash) + ')') + which;
    } else if (tb.own) {
      anchor.innerHTML = '✗ ' + both('并非来自本法院网络', "NOT from this court's network") +
        '<span class="detail">' + both('本法院：' + tb.issuer + '（信任包 ' + short(tb.bundleHash) + '）。',
          "This court: " + tb.issuer + ' (trust bundle ' + short(tb.bundleHash) + '). ') + esc(tb.anchorDetail) + '</span>';
    } else {
      anchor.innerHTML = '✗ ' + both('并非来自 ' + tb.issuer + ' 的网络', 'NOT from the network of ' + tb.issuer) + which +
        '<span class="detail">' + both('信任包 ' + short(tb.bundleHash) + '：', 'Trust bundle ' + short(tb.bundleHash) + ': ') + esc(tb.anchorDetail) + '</span>';
    }
    // 2. Complete as of which block, attested when and by whom; newer entries on the live ledger.
    var a = out.asOf || { blockNumber: '?', attestingOrgs: [] };
    var names = (out.anchored && tb.orgNames) || {};
    var attesting = (a.attestingOrgs || []).map(function (m) { return names[m] && names[m] !== m ? names[m] + '（' + m + '）' : m; });
    var attestingEn = (a.attestingOrgs || []).map(function (m) { return names[m] && names[m] !== m ? names[m] + ' (' + m + ')' : m; });
    var complete = out.checks.some(function (c) { return c.id === 'completeness' && c.ok; }) &&
      !out.checks.some(function (c) { return (c.id === 'completeness' || c.id === 'attestation.quorum') && !c.ok; });
    $('completeness').setAttribute('data-as-of', String(a.blockNumber));
    $('completeness').setAttribute('data-complete', String(out.anchored && complete));
    if (!out.anchored) {
      $('completeness').innerHTML = '✗ ' + both('完整性无法采信：证据包称截至区块 ' + a.blockNumber + '，但它与信任包不符，其中的证明不能作为依据',
        'Completeness cannot be relied on: the package claims block ' + a.blockNumber +
        ', but it does not tie to the trust bundle, so its attestations prove nothing');
    } else if (complete) {
      $('completeness').innerHTML = '✓ ' + both('完整性：截至区块 ' + a.blockNumber + '（时间 ' + a.attestedAt + '），由 ' + attesting.join('、') + ' 证明',
        'Complete as of block ' + a.blockNumber + ', time ' + a.attestedAt + ', attested by ' + attestingEn.join(', '));
    } else {
      $('completeness').innerHTML = '✗ ' + both('完整性未获证明：截至区块 ' + a.blockNumber + '，证明机构 ' + (attesting.join('、') || '无') + '（须过半数机构证明且与证据包一致）',
        'Completeness NOT proven as of block ' + a.blockNumber + ': attested by ' + (attestingEn.join(', ') || 'no organisation') +
        ' (a majority must attest a history that agrees with the package)');
    }
    var newer = out.newerEntries || [];
    if (newer.length) {
      show('newer');
      $('newer').innerHTML = '<b>⚠ ' + both('账本上有更新的记录：', 'Newer entries exist: ') + '</b><ul>' + newer.map(function (e) {
        var blocks = e.blockNumbers ? e.blockNumbers.join(', ') : '?';
        return '<li data-record="' + esc(e.recordType + ' ' + e.recordId) + '">' + esc(e.recordType) + ' <code>' + esc(e.recordId) + '</code> — ' +
          both(e.txIds.length + ' 笔写入（区块 ' + blocks + '）' + (e.deleted ? '，含删除' : ''),
            e.txIds.length + ' write(s) (block ' + blocks + ')' + (e.deleted ? ', including a deletion' : '')) +
          ' <span class="mono">' + e.txIds.map(short).join(', ') + '</span></li>';
      }).join('') + '</ul>' +
        (out.freshPackageUrl ? '<a id="fresh-link" href="' + esc(out.freshPackageUrl) + '">' + both('下载最新证据包', 'Download the fresh package') + '</a>' : '');
    } else {
      hide('newer');
      $('newer').innerHTML = '';
    }
    var live = out.live || {};
    $('live-note').innerHTML = live.checked
      ? both('已与本法院账本核对（' + live.checkedAt + '，区块高度 ' + live.height + '）：' + (newer.length ? '见上方更新记录。' : '区块 ' + a.blockNumber + ' 之后没有新的写入。'),
             "Compared with this court's ledger (" + live.checkedAt + ', height ' + live.height + '): ' +
             (newer.length ? 'see the newer entries above.' : 'nothing written since block ' + a.blockNumber + '.'))
      : both('未与账本核对：' + (live.reason || ''), 'Not compared with the ledger: ' + (live.reason || ''));
    // 3. The verdict over every check.
    $('verdict').className = out.ok ? 'ok' : 'fail';
    $('verdict').setAttribute('data-verdict', out.ok ? 'valid' : 'invalid');
    $('verdict').innerHTML = out.ok ? both('✓ 核验通过：证据链完整，未被篡改', '✓ VERIFIED: the evidence chain is complete and unaltered')
                                    : both('✗ 未通过：证据包未能验证', '✗ FAILED: the package does not verify');
    $('first-failure').innerHTML = out.firstFailure ? both('首个未通过项：' + out.firstFailure.titleZh + ' — ' + out.firstFailure.detail,
      'First failing check: ' + out.firstFailure.title + ' — ' + out.firstFailure.detail) : '';
    // 4. The verified timeline only.
    $('timeline').tBodies[0].innerHTML = out.timeline.map(function (t) {
      return '<tr><td class="mono">' + esc(t.at) + '</td><td>' + both(t.zh, t.en) +
        '</td><td>' + esc(t.actor) + '</td><td class="mono">' + esc(t.txId ? t.txId.slice(0, 16) + '…' : '') + '</td></tr>';
    }).join('');
    if (out.timeline.length) { show('timeline'); hide('timeline-empty'); } else { hide('timeline'); if (!out.ok) show('timeline-empty'); }
    // 5. The technical checks, one <details> per kind with its counts; failures open.
    var groups = [];
    out.checks.forEach(function (c) {
      var g = groups.find(function (x) { return x.id === c.id; });
      if (!g) { g = { id: c.id, title: c.title, titleZh: c.titleZh, items: [] }; groups.push(g); }
      g.items.push(c);
    });
    var failedKinds = 0;
    $('checks').innerHTML = groups.map(function (g) {
      var failed = g.items.filter(function (c) { return !c.ok; });
      var ok = failed.length === 0;
      if (!ok) failedKinds++;
      var shown = (failed.length ? failed : g.items).slice(0, 50);
      return '<details class="check" data-check="' + esc(g.id) + '" data-ok="' + ok + '"' + (ok ? '' : ' open') +
        '><summary><span class="mark ' + (ok ? 'ok' : 'fail') + '">' + (ok ? '✓' : '✗') + '</span> ' +
        both(g.titleZh, g.title) + ' — ' + both((g.items.length - failed.length) + ' / ' + g.items.length + ' 项通过',
          (g.items.length - failed.length) + ' of ' + g.items.length + ' passed') +
        '</summary><ul class="mono">' + shown.map(function (c) { return '<li>' + (c.ok ? '✓ ' : '✗ ') + esc(c.detail) + '</li>'; }).join('') +
        (shown.length < g.items.length ? '<li>… ' + (g.items.length - shown.length) + '</li>' : '') + '</ul></details>';
    }).join('');
    $('checks-summary').innerHTML = both('（' + groups.length + ' 类，' + failedKinds + ' 类未通过）', ' (' + groups.length + ' kinds, ' + failedKinds + ' failed)');
    $('checks-all').open = failedKinds > 0;
    // 6. The certificate.
    var c = out.certificate;
    var facts = [
      ['核验结论', 'Verdict', out.ok ? '通过 / VERIFIED' : '未通过 / FAILED'],
      ['信任锚', 'Trust anchor', c.trustIssuer + ' — ' + (c.anchored ? '一致 / anchored' : '不一致 / NOT anchored')],
      ['信任包哈希', 'Trust bundle hash', c.trustBundleHash],
      ['证据对象', 'Subject', c.kind + ' ' + c.subject],
      ['区块链通道', 'Channel', c.channel],
      ['完整性截至区块', 'Complete as of block', c.asOfBlock + (c.attestedAt ? '（' + c.attestedAt + '）' : '')],
      ['证明机构', 'Attested by', c.attestingOrgs.length ? c.attestingOrgs.join(', ') + (c.anchored ? '' : '（未锚定 / not anchored）') : '—'],
      ['交易数 / 区块数', 'Transactions / blocks', c.transactions + ' / ' + c.blocks + (c.blockRange ? '（#' + c.blockRange + '）' : '')],
      ['背书机构', 'Endorsing organisations', c.endorsers.join(', ') || '—'],
      ['证据包 SHA-256', 'Package SHA-256', c.packageSha256],
      c.verifiedAgain ? ['已核对文件', 'Documents checked',
        '本次未核对文件（服务器不保存文件）：请将原件的 SHA-256 与原证书所列比对 / not checked this time (the server keeps no files): '
        + 'compare the SHA-256 of the originals with the printed certificate']
                      : ['已核对文件', 'Documents checked', c.documents.length ? c.documents.join('; ') : '—'],
      ['核验时间', 'Verified at', c.verifiedAt],
    ];
    $('cert-facts').innerHTML = facts.map(function (f) { return '<dt>' + both(f[0], f[1]) + '</dt><dd class="mono">' + esc(f[2]) + '</dd>'; }).join('');
    $('qr').innerHTML = c.qrSvg;
    $('verify-url').innerHTML = both('扫码或访问以重新核验：', 'Scan or open to verify again: ') + '<a href="' + esc(c.verifyUrl) + '">' + esc(c.verifyUrl) + '</a>';
  }

  if (data.answer) { hide('upload'); render(data.answer); }
  if (data.notFound) {
    show('error');
    $('error').setAttribute('data-not-found', data.notFound.sha256);
    $('error').innerHTML = both('未找到该证据包：' + data.notFound.message, 'Package not found: ' + data.notFound.message);
  }
})();
</script>
</body>
</html>
`;
