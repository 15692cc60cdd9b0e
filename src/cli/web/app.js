// spor web's page: draws the view its path names (search, comparison,
// passage) from spor's JSON answers. Every text from the index or the
// address bar goes in as a text node (el, textContent), never as markup,
// so a document or query holding "<script>" shows as those characters.
'use strict';

(function () {
  const params = new URLSearchParams(location.search);
  const status = document.getElementById('status');
  const out = document.getElementById('indhold');

  // An element with properties set and children appended (a string child
  // becomes a text node).
  function el(tag, props, children) {
    const e = document.createElement(tag);
    Object.assign(e, props || {});
    for (const c of children || []) {
      if (c === null || c === undefined) continue;
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return e;
  }

  // A path with the non-empty arguments as its query string.
  function link(path, args) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(args)) if (v) q.set(k, v);
    const s = q.toString();
    return path + (s ? '?' + s : '');
  }

  async function getJSON(path, args) {
    const r = await fetch(link(path, args), {headers: {Accept: 'application/json'}});
    let body;
    try {
      body = await r.json();
    } catch (e) {
      throw new Error('Svaret fra spor kunne ikke læses (HTTP ' + r.status + ').');
    }
    if (!r.ok) throw new Error(body.error || 'Fejl (HTTP ' + r.status + ').');
    return body;
  }

  function say(text) { status.textContent = text; }

  function fail(err) {
    say('');
    out.replaceChildren(el('p', {className: 'error', role: 'alert'}, [err.message]));
  }

  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  // The snippet's runs, the matches in <mark>.
  function snippet(parts) {
    return el('p', {className: 'snippet'},
      parts.map(p => (p.m ? el('mark', {}, [p.t]) : document.createTextNode(p.t))));
  }

  // Where a passage is: document, lines or pages, year, section.
  function cite(h) {
    const bits = [h.doc + ':' + h.where];
    if (h.year) bits.push(String(h.year));
    if (h.section) bits.push(h.section);
    return el('p', {className: 'cite'}, [bits.join(' · ')]);
  }

  function hitCard(h) {
    return el('article', {className: 'hit'}, [
      el('h3', {}, [el('a', {href: link('/passage', {id: h.id})}, [h.title || h.doc])]),
      cite(h),
      snippet(h.snippet),
      h.apart ? el('p', {className: 'note'}, ['Frasens ord hver for sig, ikke frasen.']) : null,
      h.continues ? el('p', {className: 'note'}, ['Fortsat fra ' + h.continues + '.']) : null,
      h.places.length ? el('p', {className: 'places'}, ['Steder: ' + h.places.join(', ')]) : null,
    ]);
  }

  function notes(r) {
    const box = [];
    if (r.suggestion && r.corrected)
      box.push(el('p', {className: 'note'}, ['Ingen resultater; viser resultater for ',
        el('q', {}, [r.suggestion]), '.']));
    else if (r.suggestion)
      box.push(el('p', {className: 'note'}, ['Mente du: ',
        el('a', {href: link(location.pathname, {q: r.suggestion})}, [r.suggestion]), '?']));
    if (r.missing && r.missing.length)
      box.push(el('p', {className: 'note'}, ['Ingen forekomster af: ' + r.missing.join(', ')]));
    if (r.notes) box.push(el('p', {className: 'note'}, [r.notes]));
    return box;
  }

  // --- search ---------------------------------------------------------

  const FACETS = [['place', 'sted', 'Steder'], ['doc', 'doc', 'Dokumenter'], ['year', 'aar', 'År']];

  function searchArgs(over) {
    const a = {q: params.get('q'), sted: params.get('sted'), doc: params.get('doc'),
      aar: params.get('aar')};
    return Object.assign(a, over || {});
  }

  // A document facet names a file by its whole path; its file name is what
  // a person recognises in a narrow column (the path stays in the tooltip).
  function facetLabel(kind, value) {
    return kind === 'doc' ? value.split('/').pop() : value;
  }

  function facetBox(r) {
    const aside = el('aside', {className: 'facets', ariaLabel: 'Afgræns'}, []);
    for (const [kind, arg, title] of FACETS) {
      const items = r.facets[kind];
      const active = params.get(arg);
      if (!items.length && !active) continue;
      const list = el('ul', {}, []);
      // The filter as the facet names it ("London", not the term "london").
      const shown = (items.find(f => f.key === active) || {value: active}).value;
      if (active)
        list.appendChild(el('li', {}, [el('a', {className: 'active', href:
          link('/', searchArgs({[arg]: null})), title: 'Fjern afgrænsningen'},
          ['✕ ' + facetLabel(kind, shown)])]));
      for (const f of items.slice(0, 12)) {
        if (f.key === active) continue;
        list.appendChild(el('li', {}, [el('a', {href: link('/', searchArgs({[arg]: f.key})),
          title: f.value}, [facetLabel(kind, f.value), ' ', el('span', {className: 'count'}, [String(f.count)])])]));
      }
      aside.appendChild(el('section', {className: 'facet facet-' + kind}, [el('h2', {}, [title]), list]));
    }
    return aside;
  }

  function pager(r) {
    const page = Math.floor(r.offset / r.page_size) + 1;
    const nav = el('nav', {className: 'pager', ariaLabel: 'Sider'}, []);
    if (page > 1)
      nav.appendChild(el('a', {href: link('/', searchArgs({side: String(page - 1)}))}, ['← Forrige']));
    if (r.offset + r.hits.length < r.total)
      nav.appendChild(el('a', {href: link('/', searchArgs({side: String(page + 1)}))}, ['Næste →']));
    return nav;
  }

  async function searchView() {
    const form = document.getElementById('search-form');
    form.hidden = false;
    document.getElementById('nav-search').setAttribute('aria-current', 'page');
    const q = params.get('q');
    const box = document.getElementById('q');
    box.value = q || '';
    if (!q) { box.focus(); return; }
    document.title = q + ' – spor';
    say('Søger …');
    const r = await getJSON('/api/search', searchArgs({side: params.get('side')}));
    say(r.total ? plural(r.total, 'matchende passage', 'matchende passager') : 'Ingen passager fundet.');
    const hits = el('section', {className: 'hits', ariaLabel: 'Resultater'}, r.hits.map(hitCard));
    out.replaceChildren(...notes(r), el('div', {className: 'results'}, [facetBox(r),
      el('div', {}, [hits, pager(r)])]));
  }

  // --- comparison -----------------------------------------------------

  function table(r) {
    const places = r.columns.map(c => c.place);
    const max = Math.max(1, ...r.rows.flatMap(row => row.counts));
    const head = el('tr', {}, [el('th', {scope: 'col'}, ['Emne']),
      ...places.map(p => el('th', {scope: 'col'}, [p]))]);
    const rows = r.rows.map(row => el('tr', {}, [el('th', {scope: 'row'}, [row.query]),
      ...row.counts.map((n, i) => {
        const bar = el('span', {className: 'bar'}, []);
        bar.style.width = Math.round(100 * n / max) + '%';
        return el('td', {}, [el('a', {href: link('/', {q: row.query, sted: places[i]}),
          title: row.query + ' i ' + places[i]}, [String(n)]), bar]);
      })]));
    return el('div', {className: 'table-wrap'}, [el('table', {id: 'compare-table'}, [
      el('caption', {}, ['Matchende passager pr. sted']),
      el('thead', {}, [head]), el('tbody', {}, rows)])]);
  }

  function columns(r) {
    const topic = r.rows[0].query;
    return el('section', {className: 'compare', ariaLabel: 'Bedste passager pr. sted'}, [
      el('h2', {}, ['Bedste passager for ', el('q', {}, [topic])]),
      el('div', {className: 'columns'}, r.columns.map(c => el('section', {className: 'column'}, [
        el('h3', {}, [c.place, ' ', el('span', {className: 'count'}, [plural(c.count, 'passage', 'passager')])]),
        ...(c.hits.length ? c.hits.map(hitCard) : [el('p', {className: 'note'}, ['Ingen passager.'])]),
      ])))]);
  }

  async function compareView() {
    document.getElementById('compare-form').hidden = false;
    document.getElementById('nav-compare').setAttribute('aria-current', 'page');
    const q = params.get('q');
    const steder = params.get('steder');
    document.getElementById('emner').value = q || '';
    document.getElementById('steder').value = steder || '';
    if (!q) { document.getElementById('emner').focus(); return; }
    document.title = q + ' – sammenlign – spor';
    say('Sammenligner …');
    const r = await getJSON('/api/compare', {q: q, steder: steder});
    if (!r.columns.length) {
      say('Ingen steder med passager om emnet.');
      out.replaceChildren(...notes(r));
      return;
    }
    say(plural(r.rows.length, 'emne', 'emner') + ' i ' + plural(r.columns.length, 'sted', 'steder'));
    out.replaceChildren(...notes(r), table(r), columns(r));
  }

  // --- passage --------------------------------------------------------

  async function passageView() {
    const id = params.get('id');
    say('Henter passagen …');
    const r = await getJSON('/api/passage', {id: id});
    const focus = r.passages.find(p => p.focus) || r.passages[0];
    document.title = focus.title + ' – spor';
    say('Passagen i sammenhæng');
    const back = el('button', {type: 'button', className: 'link'}, ['← Tilbage']);
    back.addEventListener('click', () => history.back());
    const links = history.length > 1 ? [back, ' '] : [];
    if (r.source)
      links.push(el('a', {id: 'source-link', href: r.source}, ['Åbn kildefilen']));
    const list = r.passages.map(p => el('article', {
      className: 'passage' + (p.focus ? ' focus' : ''), id: p.focus ? 'fokus' : 'p-' + p.id}, [
      el('p', {className: 'cite'}, [p.doc + ':' + p.where + (p.section ? ' · ' + p.section : '')]),
      el('p', {className: 'text'}, [p.text])]));
    out.replaceChildren(el('h2', {}, [focus.title || focus.doc]),
      el('p', {className: 'cite'}, [focus.doc + (focus.year ? ' · ' + focus.year : '')]),
      el('p', {className: 'links'}, links), ...list);
    const f = document.getElementById('fokus');
    if (f) {
      f.tabIndex = -1;
      f.focus();
      f.scrollIntoView({block: 'center'});
    }
  }

  // "/" jumps to the search box, as on many sites.
  document.addEventListener('keydown', e => {
    const box = document.getElementById(location.pathname === '/sammenlign' ? 'emner' : 'q');
    if (e.key === '/' && document.activeElement.tagName !== 'INPUT' && box && !box.closest('[hidden]')) {
      e.preventDefault();
      box.focus();
    }
  });

  const views = {'/': searchView, '/sammenlign': compareView, '/passage': passageView};
  (views[location.pathname] || searchView)().catch(fail);
})();
