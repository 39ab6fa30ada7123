// escape-html: escape strings of all sizes, with and without special characters.
module.exports = function probe(escapeHtml) {
  return {
    basic: escapeHtml('foo & bar <script>"\'</script>'),
    none: escapeHtml('plain text'),
    number: escapeHtml(42),
    big: escapeHtml('<a>'.repeat(10000)).length,
    unicode: escapeHtml('✓ <ü>'),
  }
}
