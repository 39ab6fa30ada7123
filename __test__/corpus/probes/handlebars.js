// handlebars: compile templates (code generation + new Function), helpers, partials, precompile.
module.exports = function probe(Handlebars) {
  const hb = Handlebars.create()
  hb.registerHelper('upper', (s) => String(s).toUpperCase())
  hb.registerHelper('list', function (items, options) {
    return '<ul>' + items.map((i) => '<li>' + options.fn(i) + '</li>').join('') + '</ul>'
  })
  hb.registerPartial('person', '{{name}} ({{age}})')
  const tpl = hb.compile('Hi {{upper name}}! {{#if admin}}[admin]{{else}}[user]{{/if}} ' +
    '{{#each pets}}{{@index}}:{{this}}{{#unless @last}}, {{/unless}}{{/each}} {{{raw}}} {{esc}} ' +
    '{{#list people}}{{> person}}{{/list}} {{#with nested}}{{a.b}}{{/with}} {{lookup map key}}')
  const out = tpl({
    name: 'ann', admin: false, pets: ['cat', 'dog', 'eel'], raw: '<b>x</b>', esc: '<i>&"</i>',
    people: [{ name: 'Bo', age: 3 }, { name: 'Cy', age: 4 }], nested: { a: { b: 'deep' } }, map: { k: 'v' }, key: 'k',
  })
  let error
  try { hb.compile('{{#if}}oops')() } catch (e) { error = e.message.split('\n')[0] }
  const pre = hb.precompile('{{x}}')
  return {
    version: Handlebars.VERSION,
    out,
    error,
    precompiled: typeof pre === 'string' && pre.length > 50,
    safe: new hb.SafeString('<x>').toString(),
    escape: hb.Utils.escapeExpression('<a href="x">'),
    ast: hb.parse('{{a}} b {{#c}}d{{/c}}').body.map((n) => n.type),
  }
}
