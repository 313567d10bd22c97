/*
 * Inline XML for the dashboard: a SOAP exchange, a receipt, a reporting flow shown as indented, readable
 * XML in a scrollable <pre>, with a copy button and the download link beside it. Loaded before
 * dashboard.js, which hands it its helpers (h, authFetch, the words): this file only formats and draws.
 *
 * The formatter checks the document with the browser's DOMParser, then lays out the text itself: every
 * tag, text, comment and CDATA section is printed exactly as it was written (attributes in their order
 * and quotes, entities as escaped), only the whitespace between elements becomes indentation. An element
 * with text beside its child elements (mixed content) stays on one line as it was. What does not parse
 * as XML is shown as it came (JSON, the REST exchanges in the journal, is indented).
 */
(function () {
  'use strict';

  // one token of well-formed XML: comment, CDATA, PI, DOCTYPE (internal subset included), tag (a quoted
  // attribute value may hold '>'), or text
  const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!(?:[^>"'[]|"[^"]*"|'[^']*'|\[[\s\S]*?\])*>|<\/?[^\s/>]+(?:[^>"']|"[^"]*"|'[^']*')*>|[^<]+/g;

  /** the document as a tree of its own tokens, or null when they do not nest */
  function tokens(text) {
    const root = { kids: [] };
    const stack = [root];
    let end = 0;
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
      if (m.index !== end) return null;
      end = TOKEN.lastIndex;
      const tok = m[0];
      const top = stack[stack.length - 1];
      if (tok[0] !== '<') top.kids.push({ text: tok });
      else if (tok.startsWith('<![CDATA[')) top.kids.push({ cdata: tok });
      else if (tok[1] === '!' || tok[1] === '?') top.kids.push({ other: tok });
      else if (tok[1] === '/') {
        if (stack.length < 2 || top.name !== tok.slice(2, -1).trim()) return null;
        top.close = tok;
        stack.pop();
      } else {
        const el = { name: /^<([^\s/>]+)/.exec(tok)[1], open: tok, kids: [], close: '' };
        top.kids.push(el);
        if (!tok.endsWith('/>')) stack.push(el);
      }
    }
    return end === text.length && stack.length === 1 ? root : null;
  }

  const blank = (n) => n.text !== undefined && !n.text.trim();
  /** a node exactly as written */
  const raw = (n) => (n.open !== undefined ? n.open + n.kids.map(raw).join('') + n.close : (n.text ?? n.cdata ?? n.other));

  /** a node indented by `depth`; an element whose children are elements (and comments) gets one line per child */
  function block(n, depth, out) {
    const pad = '  '.repeat(depth);
    if (n.open === undefined) {
      if (!blank(n)) out.push(pad + raw(n).trim());
      return;
    }
    const structured = n.kids.some((k) => k.open !== undefined) && n.kids.every((k) => k.open !== undefined || k.other !== undefined || blank(k));
    if (!structured) return void out.push(pad + raw(n));
    out.push(pad + n.open);
    for (const k of n.kids) block(k, depth + 1, out);
    out.push(pad + n.close);
  }

  /** the XML indented, or null when it is not well-formed XML */
  function prettyXml(text) {
    if (!/^\uFEFF?\s*</.test(text)) return null;
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.getElementsByTagName('parsererror').length || !doc.documentElement) return null;
    const tree = tokens(text.replace(/^\uFEFF/, ''));
    if (!tree) return null;
    const out = [];
    for (const n of tree.kids) block(n, 0, out);
    return out.join('\n');
  }

  /** { text, kind }: indented XML, indented JSON, or the text as it came */
  function format(text) {
    const xml = prettyXml(text);
    if (xml !== null) return { text: xml, kind: 'xml' };
    if (/^\s*[[{]/.test(text)) {
      try {
        return { text: JSON.stringify(JSON.parse(text), null, 2), kind: 'json' };
      } catch (_) {
        // not JSON either: as it came
      }
    }
    return { text, kind: 'text' };
  }

  // documents fetched once per URL: a journal exchange, a sent receipt, a published flow never change, and
  // the auto-refresh redraws the views that show them every few seconds
  const cache = new Map();
  const CACHE_SIZE = 60;
  function remember(url, text) {
    cache.delete(url);
    cache.set(url, text);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
  }

  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch (_) {
        // refused (no permission): the old way below
      }
    }
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    let done;
    try {
      done = document.execCommand('copy');
    } catch (_) {
      done = false;
    }
    area.remove();
    return done;
  }

  /**
   * A titled <pre> with the document, a copy button and (for a URL) its download link.
   * opts: { key, title, url } to fetch it (with the admin token), or { key, title, text } for one in hand;
   * `key` names the block for the auto-refresh, which keeps its scroll position.
   */
  function xmlBlock(lib, opts) {
    const { h, t } = lib;
    const pre = h('pre', { class: 'xml-view', 'data-key': opts.key + '-pre', tabindex: '0' });
    const note = h('span', { class: 'muted small xml-note' });
    const copy = h('button', { type: 'button', class: 'small xml-copy', disabled: true }, t.copy);
    const show = (text) => {
      if (text === null || text === undefined || text === '') {
        pre.textContent = t.xmlEmpty;
        pre.classList.add('muted');
        return;
      }
      const f = format(String(text));
      pre.textContent = f.text;
      note.textContent = f.kind === 'text' ? t.xmlNotXml : '';
      copy.disabled = false;
    };
    copy.addEventListener('click', async () => {
      const ok = await copyText(pre.textContent);
      copy.textContent = ok ? t.copied : t.copyFailed;
      setTimeout(() => (copy.textContent = t.copy), 1500);
    });
    const head = h(
      'div',
      { class: 'xml-head' },
      h('h3', {}, opts.title),
      note,
      h('span', { class: 'xml-actions' }, copy, opts.url ? [' ', h('a', { href: opts.url, download: '', class: 'button small' }, t.download)] : null),
    );
    const box = h('section', { class: 'xml-block', 'data-key': opts.key }, head, pre);
    if (!opts.url) show(opts.text);
    else if (cache.has(opts.url)) show(cache.get(opts.url));
    else {
      pre.textContent = t.loading;
      lib
        .authFetch(opts.url, { headers: { Accept: '*/*' } })
        .then(async (res) => {
          const text = await res.text();
          if (!res.ok) {
            let body;
            try {
              body = JSON.parse(text);
            } catch (_) {
              body = { detail: text.slice(0, 300) };
            }
            return box.replaceChildren(head, lib.problemBox({ status: res.status, body }));
          }
          remember(opts.url, text);
          show(text);
        })
        .catch((err) => (pre.textContent = String(err)));
    }
    return box;
  }

  const ns = (window.NodoDashboard = window.NodoDashboard || { tabs: {} });
  ns.xml = { format, prettyXml, block: xmlBlock };
})();
