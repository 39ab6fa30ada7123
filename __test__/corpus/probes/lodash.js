// lodash: collections, objects, strings, functional helpers, templates (new Function), memoize.
module.exports = function probe(_) {
  const users = [
    { user: 'barney', age: 36, active: true, tags: ['a', 'b'] },
    { user: 'fred', age: 40, active: false, tags: ['b'] },
    { user: 'pebbles', age: 1, active: true, tags: [] },
  ]
  const compiled = _.template('hello <%= user %>! <% _.forEach(list, function(x) { %><li><%- x %></li><% }); %>')
  const memo = _.memoize((n) => n * 2)
  const curried = _.curry((a, b, c) => a + b + c)
  return {
    version: _.VERSION,
    chunk: _.chunk(['a', 'b', 'c', 'd', 'e'], 2),
    sortBy: _.map(_.sortBy(users, ['age']), 'user'),
    groupBy: _.groupBy([6.1, 4.2, 6.3], Math.floor),
    filter: _.filter(users, { active: true }).map((u) => u.user),
    merge: _.merge({ a: [{ b: 2 }, { d: 4 }] }, { a: [{ c: 3 }, { e: 5 }] }),
    cloneDeep: _.cloneDeep({ x: [1, { y: new Date(0).toISOString() }], z: null }),
    get: _.get({ a: [{ b: { c: 3 } }] }, 'a[0].b.c'),
    set: _.set({}, 'x.y[2].z', 7),
    camelCase: _.camelCase('--foo-bar--'),
    kebabCase: _.kebabCase('Foo Bar Baz'),
    startCase: _.startCase('__fooBar__'),
    deburr: _.deburr('déjà vu Ångström'),
    words: _.words('fred, barney, & pebbles'),
    padStart: _.padStart('42', 6, '0'),
    template: compiled({ user: 'fred', list: ['<a>', 'b&c'] }),
    escape: _.escape('fred, barney, & <pebbles>'),
    uniq: _.uniqBy([2.1, 1.2, 2.3], Math.floor),
    intersection: _.intersection([2, 1], [2, 3], [2, 4]),
    zipObject: _.zipObject(['a', 'b'], [1, 2]),
    isEqual: _.isEqual({ a: [1, 2, { b: new Map([[1, 2]]) }] }, { a: [1, 2, { b: new Map([[1, 2]]) }] }),
    range: _.range(0, 20, 5),
    memo: [memo(4), memo(4), memo.cache.size],
    curry: curried(1)(2)(3),
    flow: _.flow([_.add, (x) => x * x])(2, 3),
    countBy: _.countBy(['one', 'two', 'three'], 'length'),
    partition: _.partition(users, (u) => u.active).map((p) => p.length),
    debounceType: typeof _.debounce(() => 1, 10),
    chain: _.chain(users).sortBy('age').map((u) => `${u.user} is ${u.age}`).head().value(),
    sum: _.sumBy(users, 'age'),
    random: typeof _.random(1, 5),
    isPlainObject: [_.isPlainObject({}), _.isPlainObject([]), _.isPlainObject(Object.create(null))],
    toPath: _.toPath('a[0].b.c'),
    trunc: _.truncate('hi-diddly-ho there, neighborino', { length: 24, separator: ' ' }),
  }
}
