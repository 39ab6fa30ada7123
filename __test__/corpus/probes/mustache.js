// mustache: logic-less templates, sections, partials, lambdas, custom tags, parse cache.
module.exports = function probe(Mustache) {
  const view = {
    title: 'Joe', calc: () => 2 + 4, items: [{ n: 'a' }, { n: 'b' }], empty: [], html: '<b>&</b>',
    bold: () => (text, render) => '<b>' + render(text) + '</b>', obj: { x: { y: 'z' } },
  }
  return {
    version: Mustache.version,
    basic: Mustache.render('{{title}} spends {{calc}}', view),
    sections: Mustache.render('{{#items}}[{{n}}]{{/items}}{{^empty}}none{{/empty}}', view),
    escape: Mustache.render('{{html}} {{{html}}} {{&html}}', view),
    lambda: Mustache.render('{{#bold}}Hi {{title}}.{{/bold}}', view),
    dotted: Mustache.render('{{obj.x.y}} {{#obj}}{{x.y}}{{/obj}}', view),
    partial: Mustache.render('{{> user}}!', view, { user: '<{{title}}>' }),
    tags: Mustache.render('<% title %> {{title}}', view, {}, ['<%', '%>']),
    parse: Mustache.parse('a {{b}} {{#c}}d{{/c}}'),
    comment: Mustache.render('a{{! ignore }}b', {}),
  }
}
