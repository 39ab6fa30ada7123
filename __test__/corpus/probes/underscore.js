// underscore: collections, templates, chaining, object helpers.
module.exports = function probe(_) {
  const stooges = [{ name: 'moe', age: 40 }, { name: 'larry', age: 50 }, { name: 'curly', age: 60 }]
  const tpl = _.template('<% _.each(people, function(name) { %> <li><%= name %></li> <% }); %>')
  return {
    version: _.VERSION,
    map: _.map({ one: 1, two: 2, three: 3 }, (n, k) => k + n * 3),
    reduce: _.reduce([1, 2, 3], (memo, n) => memo + n, 0),
    pluck: _.pluck(stooges, 'name'),
    max: _.max(stooges, (s) => s.age),
    sortBy: _.sortBy([1, 2, 3, 4, 5, 6], (n) => Math.sin(n)),
    indexBy: _.indexBy(stooges, 'age'),
    shuffleLen: _.shuffle([1, 2, 3, 4]).length,
    flatten: _.flatten([1, [2], [3, [[4]]]]),
    without: _.without([1, 2, 1, 0, 3, 1, 4], 0, 1),
    union: _.union([1, 2, 3], [101, 2, 1, 10], [2, 1]),
    zip: _.zip(['moe', 'larry'], [30, 40], [true, false]),
    template: tpl({ people: ['moe', 'curly', 'larry'] }),
    escape: _.escape('Curly, Larry & Moe <3'),
    pick: _.pick({ name: 'moe', age: 50, userid: 'moe1' }, 'name', 'age'),
    invert: _.invert({ Moe: 'Moses', Larry: 'Louis' }),
    chain: _.chain(stooges).sortBy('age').map((s) => s.name + ' is ' + s.age).first().value(),
    isEqual: _.isEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }),
    uniqueId: typeof _.uniqueId('c'),
    range: _.range(1, 11, 3),
    memoize: _.memoize((n) => (n < 2 ? n : 0))(1),
    isFunction: [_.isFunction(_.map), _.isArguments((function () { return arguments })()), _.isDate(new Date())],
    keys: _.keys({ one: 1, two: 2 }),
    partial: _.partial((a, b) => b - a, 5)(20),
  }
}
