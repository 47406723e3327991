// Stands in for lodash/fp, which loads the whole of lodash (86 KB minified) for the four
// functions decap-cms-lib-util takes from it: data last, one argument to the iteratee, as there.
export const map = (iteratee) => (items) => Array.from(items, (item) => iteratee(item));
export const filter = (predicate) => (items) => Array.from(items).filter((item) => predicate(item));
export const flow = (functions) => (value) => functions.flat().reduce((result, f) => f(result), value);
export const fromPairs = (pairs) => Object.fromEntries(pairs);
