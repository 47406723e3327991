// Material for MkDocs' start-up script (partials/javascripts/base.html), moved from the page into
// a file so that the portal's Content-Security-Policy allows no inline script. The scope (the
// site's root, relative to the page) comes from the script element's data-scope attribute.
(function (script) {
  window.__md_scope = new URL(script.dataset.scope, location);
  window.__md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
  window.__md_get = (e, _ = localStorage, t = window.__md_scope) => JSON.parse(_.getItem(t.pathname + "." + e));
  window.__md_set = (e, _, t = localStorage, a = window.__md_scope) => {
    try {
      t.setItem(a.pathname + "." + e, JSON.stringify(_));
    } catch (e) {}
  };
})(document.currentScript);
