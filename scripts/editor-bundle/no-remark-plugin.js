// Stands in for remark-gfm: react-markdown is replaced by plain-hint.js, which takes no plugins.
export default function noRemarkPlugin() {}
