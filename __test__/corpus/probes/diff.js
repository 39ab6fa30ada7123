// diff (jsdiff): line/word/char diffs, unified patches, applying and parsing patches.
module.exports = function probe(Diff) {
  const oldText = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n') + '\n'
  const newText = oldText.replace('line 3\n', 'line three\n').replace('line 20\n', '').replace('line 39\n', 'line 39\nline 40\n')
  const patch = Diff.createTwoFilesPatch('a.txt', 'b.txt', oldText, newText, 'old', 'new', { context: 2 })
  return {
    chars: Diff.diffChars('beep boop', 'beek boob'),
    words: Diff.diffWords('The quick brown fox', 'The slow brown dog!'),
    linesCount: Diff.diffLines(oldText, newText).map((p) => [p.added || false, p.removed || false, p.count]),
    json: Diff.diffJson({ a: 1, b: [1, 2] }, { a: 2, b: [1, 2, 3] }).map((p) => [p.added || false, p.removed || false, p.value]),
    arrays: Diff.diffArrays([1, 2, 3], [1, 3, 4]),
    patch,
    applied: Diff.applyPatch(oldText, patch) === newText,
    parsed: Diff.parsePatch(patch)[0].hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines]),
    sentences: Diff.diffSentences('Hello. World!', 'Hello. Earth!').length,
    conversion: Diff.convertChangesToXML(Diff.diffWords('a b', 'a c')),
  }
}
