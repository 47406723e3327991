// Material for MkDocs' content scripts (partials/javascripts/content.html), moved into a file for
// the Content-Security-Policy: open the tab a link points at, and the tab the reader chose last
// (feature content.tabs.link, when the script element says data-tabs-link).
(function (script) {
  if (script.dataset.tabsLink !== undefined) {
    var tabs = __md_get("__tabs");
    if (Array.isArray(tabs))
      sets: for (var set of document.querySelectorAll(".tabbed-set")) {
        var labels = set.querySelector(".tabbed-labels");
        for (var tab of tabs)
          for (var label of labels.getElementsByTagName("label"))
            if (label.innerText.trim() === tab) {
              document.getElementById(label.htmlFor).checked = true;
              continue sets;
            }
      }
  }
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})(document.currentScript);
