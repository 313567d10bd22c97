import express from 'express';
import { esc, otherLangHref, pickLang, sendPage } from '../web/html';
import { isProblemKind, PROBLEMS, problemType, writeProblem, type ProblemKind } from './problems';

/**
 * GET /problems and /problems/{kind}: what a problem's `type` names, as a page (English only: the
 * catalog is written for engineers, as RFC 7807 titles are). `Accept: application/json` gets the entry.
 */
export function problemDocsRouter(): express.Router {
  const r = express.Router();
  r.get('/problems', (req, res) => {
    const kinds = Object.keys(PROBLEMS) as ProblemKind[];
    if (req.accepts(['html', 'json']) === 'json') return void res.json(kinds.map(entry));
    const rows = kinds
      .map((k) => `<tr><td><a href="/problems/${k}">${esc(k)}</a></td><td>${PROBLEMS[k].status}</td><td>${esc(PROBLEMS[k].title)}</td><td>${esc(PROBLEMS[k].about)}</td></tr>`)
      .join('\n');
    page(
      req,
      res,
      'Problem types',
      `<h1>Problem types</h1><p>Every REST error of the emulator is problem JSON (RFC 7807) whose <code>type</code> is one of these.</p>
<table><thead><tr><th>kind</th><th>status</th><th>title</th><th>when</th></tr></thead><tbody>${rows}</tbody></table>`,
    );
  });
  r.get('/problems/:kind', (req, res) => {
    const kind = String(req.params.kind);
    if (!isProblemKind(kind)) return writeProblem(res, 'not-found', `no problem type "${kind}"; GET /problems lists them`);
    if (req.accepts(['html', 'json']) === 'json') return void res.json(entry(kind));
    const p = PROBLEMS[kind];
    page(
      req,
      res,
      kind,
      `<h1>${esc(kind)}</h1><p><code>${esc(problemType(kind))}</code></p><p>HTTP ${p.status} · ${esc(p.title)}</p><p>${esc(p.about)}</p><p><a href="/problems">All problem types</a></p>`,
    );
  });
  return r;
}

const entry = (k: ProblemKind) => ({ type: problemType(k), kind: k, status: PROBLEMS[k].status, title: PROBLEMS[k].title, about: PROBLEMS[k].about });

function page(req: express.Request, res: express.Response, title: string, body: string): void {
  const lang = pickLang(req, res);
  sendPage(res, 200, { lang, title, body, langHref: otherLangHref(req, lang) });
}
