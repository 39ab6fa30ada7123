// ejs: compile templates to functions (new Function), includes from files, escaping, errors with line info.
const path = require('path')
module.exports = function probe(ejs) {
  const tpl = ejs.compile('<ul><% users.forEach(function(u){ %><li><%= u.name %> <%- u.html %></li><% }) %></ul><%# c %>\n<%_ if (x) { _%>\n  yes\n<%_ } _%>', {})
  const out = tpl({ users: [{ name: '<Ann>', html: '<b>1</b>' }, { name: 'Bob & Co', html: '' }], x: true })
  let error
  try { ejs.render('<% if (a) { %>\nline2 <%= nope.x %>\n<% } %>', { a: 1 }, { filename: 'inline.ejs' }) } catch (e) {
    error = e.message.replace(/\s+$/, '')
  }
  const withOpts = ejs.render('[?= a ?] [?- b ?]', { a: '<', b: '<' }, { delimiter: '?', openDelimiter: '[', closeDelimiter: ']' })
  const inc = ejs.render('<%- include("part", { who: "W" }) %>', {}, {
    filename: path.join(__dirname, '..', 'fixtures', 'ejs', 'main.ejs'),
  })
  const strict = ejs.render('<%= typeof it.a %>|<%= it.b %>', { b: 2 }, { strict: true, localsName: 'it', _with: false })
  return { out, error, withOpts, inc, strict, escape: ejs.escapeXML('<&>"\''), version: ejs.VERSION }
}
