/*
 * Inline XML for the dashboard: a SOAP exchange, a receipt, a reporting flow shown as indented, readable
 * XML in a scrollable <pre>, with a copy button and the download link beside it. Loaded before
 * dashboard.js, which hands it its helpers (h, authFetch, the words): this file only formats and draws.
 *
 * The formatter parses with the browser's DOMParser and writes the tree back, one element per line. Text
 * is never touched: a leaf's text and any mixed content (text beside elements) stay on one line exactly
 * as they were, escaped again; only the whitespace between elements is replaced by indentation. What
 * does not parse as XML is shown as it came (JSON, the REST exchanges in the journal, is indented).
 */
(function () {
  'use strict';

  const ELEMENT = 1;
  const TEXT = 3;
  const CDATA = 4;
  const PI = 7;
  const COMMENT = 8;

  const escText = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  // attribute values keep their tabs and newlines, which a parser would otherwise turn into spaces
  const escAttr = (s) => escText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
  const attrs = (el) => Array.from(el.attributes, (a) => ' ' + a.name + '="' + escAttr(a.value) + '"').join('');
  const blank = (n) => n.nodeType === TEXT && !n.data.trim();

  /** a node exactly, on one line as it is: no whitespace added or removed */
  function inline(n) {
    switch (n.nodeType) {
      case ELEMENT: {
        const kids = Array.from(n.childNodes);
        const open = '<' + n.nodeName + attrs(n);
        return kids.length ? open + '>' + kids.map(inline).join('') + '</' + n.nodeName + '>' : open + '/>';
      }
      case TEXT:
        return escText(n.data);
      case CDATA:
        return '<![CDATA[' + n.data + ']]>';
      case PI:
        return '<?' + n.target + (n.data ? ' ' + n.data : '') + '?>';
      case COMMENT:
        return '<!--' + n.data + '-->';
      default:
        return '';
    }
  }

  /** a node indented by `depth`; an element whose children are elements only gets one line per child */
  function block(n, depth, out) {
    const pad = '  '.repeat(depth);
    if (n.nodeType !== ELEMENT) {
      if (!blank(n)) out.push(pad + inline(n));
      return;
    }
    const kids = Array.from(n.childNodes);
    const structured = kids.some((k) => k.nodeType === ELEMENT) && kids.every((k) => k.nodeType !== CDATA && (k.nodeType !== TEXT || blank(k)));
    if (!structured) return void out.push(pad + inline(n));
    out.push(pad + '<' + n.nodeName + attrs(n) + '>');
    for (const k of kids) block(k, depth + 1, out);
    out.push(pad + '</' + n.nodeName + '>');
  }

  /** the XML indented, or null when it is not well-formed XML */
  function prettyXml(text) {
    if (!/^\uFEFF?\s*</.test(text)) return null;
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.getElementsByTagName('parsererror').length || !doc.documentElement) return null;
    // the XML declaration is not a node of the tree: kept as it was written
    const decl = /^\uFEFF?\s*(<\?xml[^?]*\?>)/.exec(text);
    const out = decl ? [decl[1]] : [];
    for (const n of Array.from(doc.childNodes)) block(n, 0, out);
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
