// debug: namespaces enabled at run time, formatters (%o/%O via util.inspect), tty/env detection at load.
module.exports = function probe(createDebug) {
  const lines = []
  createDebug.inspectOpts.hideDate = true
  createDebug.inspectOpts.colors = false
  const prev = createDebug.disable()
  createDebug.enable('app:*,-app:secret')
  const a = createDebug('app:main')
  a.log = (...args) => lines.push(args.join(' '))
  a.useColors = false
  a('hello %s, %d items, %j', 'world', 42, { x: [1, 2] })
  a('object %O', { deep: { nested: { value: [1, 2, 3] } }, s: 'str' })
  a('inline %o', { a: 1, b: 'two' })
  a('percent %% and %c', 'ignored-css')
  const child = a.extend('child')
  child.log = a.log
  child.useColors = false
  child('from child')
  const secret = createDebug('app:secret')
  const result = {
    enabled: [a.enabled, secret.enabled, createDebug.enabled('app:other'), createDebug('other').enabled],
    namespace: [a.namespace, child.namespace],
    lines: lines.map((l) => l.replace(/ \+\d+m?s$/, ' +Nms')),
    humanize: createDebug.humanize(123456),
    colorsType: Array.isArray(createDebug.colors),
    formatters: Object.keys(createDebug.formatters).sort(),
    selectColor: typeof createDebug.selectColor('x'),
  }
  createDebug.disable()
  if (prev) createDebug.enable(prev)
  return result
}
